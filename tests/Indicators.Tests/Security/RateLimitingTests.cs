using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Security;

/// <summary>Writes are limited per API key (per address without a key); reads are not.</summary>
public sealed class RateLimitingTests : ApiTest
{
    private const int PerMinute = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:WritesPerMinute"] = PerMinute.ToString() };

    private static Task<HttpResponseMessage> Write(HttpClient client) => client.PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("{}"));

    [Test]
    public async Task Writes_over_the_limit_are_a_429_problem_with_Retry_After_per_key()
    {
        var reader = await KeyAsync("reader"); // one write of the admin key's budget
        var admin = Admin();
        for (var i = 1; i < PerMinute; i++) Assert.That((await Write(admin)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var refused = await Write(admin);
        await AssertProblem(refused, HttpStatusCode.TooManyRequests);
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));

        Assert.That((await admin.GetAsync(ApiRoutes.Indicators)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "reads are not limited");
        Assert.That((await Write(Client(reader))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "another key has a budget of its own");
    }

    [Test]
    public async Task Calls_without_a_key_share_the_budget_of_their_address()
    {
        // The admin key of the other test has its own partition; the anonymous one starts fresh here.
        for (var i = 0; i < PerMinute; i++) Assert.That((await Write(Client())).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        await AssertProblem(await Write(Client("ind_00000000_not-a-valid-key-at-all")), HttpStatusCode.TooManyRequests);
    }
}

using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Infrastructure;

public sealed class IdempotencyTests : ApiTest
{
    private static readonly string Url = ApiRoutes.SubmissionUrl("01", "2025Q3");

    private static HttpRequestMessage Put(string key, decimal value) => new(HttpMethod.Put, Url)
    {
        Headers = { { "Idempotency-Key", key } },
        Content = JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value } } }),
    };

    [Test]
    public async Task A_replay_returns_the_first_answer_and_writes_once()
    {
        var first = await Admin().SendAsync(Put("k-1", 91.5m));
        var firstBody = await first.Content.ReadAsStringAsync();
        var replay = await Admin().SendAsync(Put("k-1", 91.5m));
        Assert.That(replay.StatusCode, Is.EqualTo(first.StatusCode));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(firstBody));
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value'"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_same_key_with_another_body_is_a_422()
    {
        await Admin().SendAsync(Put("k-2", 91.5m));
        await AssertProblem(await Admin().SendAsync(Put("k-2", 92m)), HttpStatusCode.UnprocessableEntity);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE value = 92"), Is.Zero);
    }

    [Test]
    public async Task Keys_belong_to_their_caller()
    {
        await Admin().SendAsync(Put("shared", 91.5m));
        var other = Client(await KeyAsync("reporter", "01"));
        var response = await other.SendAsync(Put("shared", 93m));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Idempotent-Replayed"), Is.False);
    }

    [Test]
    public async Task Concurrent_requests_with_one_key_write_once()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Admin().SendAsync(Put("k-3", 88m))));
        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value'"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unusable_key_is_a_400() =>
        await AssertProblem(await Admin().SendAsync(Put(new string('k', 201), 90m)), HttpStatusCode.BadRequest);
}

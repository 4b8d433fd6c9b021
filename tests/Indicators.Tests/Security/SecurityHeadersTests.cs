using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Security;

/// <summary>Every response carries the hardening headers; pages get a restrictive Content-Security-Policy; CORS is closed by default.</summary>
public sealed class SecurityHeadersTests : ApiTest
{
    private static void AssertHardened(HttpResponseMessage response, string policy)
    {
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
        Assert.That(response.Headers.GetValues("X-Frame-Options"), Is.EqualTo(new[] { "DENY" }));
        Assert.That(response.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(new[] { policy }));
        Assert.That(response.Headers.Contains("Server"), Is.False);
    }

    [TestCase(ApiRoutes.Indicators, HttpStatusCode.OK)]
    [TestCase(ApiRoutes.Indicators + "?format=csv", HttpStatusCode.OK)]
    [TestCase(ApiRoutes.Indicators + "?limit=0", HttpStatusCode.BadRequest)]
    [TestCase("/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [TestCase(ApiRoutes.Keys, HttpStatusCode.Unauthorized)]
    [TestCase("/health/live", HttpStatusCode.OK)]
    [TestCase("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    public async Task Data_and_error_responses_are_hardened(string url, HttpStatusCode status)
    {
        var response = await Client().GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        AssertHardened(response, SecurityHeaders.DataPolicy);
    }

    [Test]
    public async Task An_error_raised_by_the_exception_handler_is_hardened_too()
    {
        // Malformed JSON goes through the exception handler, which clears the headers set before it.
        var response = await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("{"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        AssertHardened(response, SecurityHeaders.DataPolicy);
    }

    [Test]
    public async Task Html_pages_get_the_page_policy()
    {
        var response = await Client().GetAsync("/swagger/index.html");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        AssertHardened(response, SecurityHeaders.PagePolicy);
        Assert.That(SecurityHeaders.PagePolicy, Does.Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe"));
    }

    [Test]
    public async Task Cors_is_closed_by_default()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Indicators);
        request.Headers.Add("Origin", "https://bi.example.org");
        var response = await Client().SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}

using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Security;

/// <summary>With <c>Cors:AllowedOrigins</c>, those origins may read (GET) from a browser, and only read.</summary>
public sealed class CorsTests : ApiTest
{
    private const string Bi = "https://bi.example.org";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cors:AllowedOrigins:0"] = Bi,
        ["Cors:AllowedOrigins:1"] = "https://superset.example.org",
    };

    private static HttpRequestMessage From(string origin, HttpMethod method, string url = ApiRoutes.Indicators)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static HttpRequestMessage Preflight(string origin, string method)
    {
        var request = From(origin, HttpMethod.Options);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        return request;
    }

    [Test]
    public async Task An_allowed_origin_may_read_and_see_the_paging_and_cache_headers()
    {
        var response = await Client().SendAsync(From(Bi, HttpMethod.Get));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Bi }));
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")).Split(',').Select(h => h.Trim().ToLowerInvariant());
        Assert.That(exposed, Is.SupersetOf(new[] { "etag", "x-next-cursor" }));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Credentials"), Is.False);
    }

    [Test]
    public async Task A_preflight_for_a_read_is_allowed()
    {
        var response = await Client().SendAsync(Preflight(Bi, "GET"));
        Assert.That((int)response.StatusCode, Is.InRange(200, 204));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Bi }));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods"), Is.EqualTo(new[] { "GET" }));
    }

    [TestCase("PUT")]
    [TestCase("POST")]
    [TestCase("DELETE")]
    public async Task A_preflight_for_a_write_is_not_allowed(string method)
    {
        // The browser refuses the write because the method is not among the allowed ones.
        var response = await Client().SendAsync(Preflight(Bi, method));
        var allowed = response.Headers.TryGetValues("Access-Control-Allow-Methods", out var methods) ? methods.ToList() : [];
        Assert.That(allowed, Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task Another_origin_gets_no_CORS_headers()
    {
        var response = await Client().SendAsync(From("https://evil.example.com", HttpMethod.Get));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        var preflight = await Client().SendAsync(Preflight("https://evil.example.com", "GET"));
        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }
}

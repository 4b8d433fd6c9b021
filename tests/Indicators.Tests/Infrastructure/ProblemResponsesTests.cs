using System.Net;
using System.Net.Http.Headers;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Infrastructure;

/// <summary>Every failure is an RFC 9457 problem that names what is wrong; none is a 500.</summary>
public sealed class ProblemResponsesTests : ApiTest
{
    private Task<HttpResponseMessage> PutIndicator(string json) => Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(json));

    [TestCase("""{"nameVi": "x", """, "body")]
    [TestCase("""{"decimals": "2"}""", "decimals")]
    [TestCase("""{"decimals": 1.5}""", "decimals")]
    [TestCase("""{"min": NaN}""", "min")]
    [TestCase("""{"min": "Infinity"}""", "min")]
    [TestCase("""{"min": 1e400}""", "min")]
    [TestCase("""{"nameVi": 12}""", "nameVi")]
    [TestCase("""{"nameVi": "a", "nameVi": "b"}""", "nameVi")]
    [TestCase("""{"nameVy": "typo"}""", "nameVy")]
    [TestCase("""[1, 2]""", "body")]
    public async Task Unreadable_json_is_a_400_naming_the_field(string json, string field) =>
        await AssertProblem(await PutIndicator(json), HttpStatusCode.BadRequest, field);

    [Test]
    public async Task A_missing_body_is_a_400() =>
        await AssertProblem(await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("")), HttpStatusCode.BadRequest);

    [Test]
    public async Task A_wrong_content_type_is_a_415() =>
        await AssertProblem(await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), new StringContent("x", null, "text/plain")), HttpStatusCode.UnsupportedMediaType);

    [Test]
    public async Task An_unknown_route_is_a_404_problem() =>
        await AssertProblem(await Client().GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);

    [Test]
    public async Task A_wrong_method_is_a_405_problem() =>
        await AssertProblem(await Client().DeleteAsync(ApiRoutes.Indicators), HttpStatusCode.MethodNotAllowed);

    [TestCase(ApiRoutes.Indicators + "?limit=abc", "limit")]
    [TestCase(ApiRoutes.Indicators + "?limit=0", "limit")]
    [TestCase(ApiRoutes.Indicators + "?limit=10001", "limit")]
    [TestCase(ApiRoutes.Indicators + "?cursor=%%%", "cursor")]
    [TestCase(ApiRoutes.Indicators + "?format=xml", "format")]
    [TestCase(ApiRoutes.Units + "?level=planet", "level")]
    [TestCase(ApiRoutes.Targets + "?year=abc", "year")]
    [TestCase(ApiRoutes.Targets + "?cursor=bm90LWEtbnVtYmVy", "cursor")]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string url, string field) =>
        await AssertProblem(await Client().GetAsync(url), HttpStatusCode.BadRequest, field);

    [Test]
    public async Task Reads_carry_an_ETag_and_a_repeat_is_a_304_until_the_data_changes()
    {
        var first = await Client().GetAsync(ApiRoutes.Indicators);
        var etag = first.Headers.ETag!;
        var repeat = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Indicators);
        repeat.Headers.IfNoneMatch.Add(etag);
        Assert.That((await Client().SendAsync(repeat)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(new
        {
            nameVi = "x", nameEn = "x", unit = "count", direction = "higher", aggregation = "sum", frequency = "yearly", decimals = 0, group = "outcomes",
        }));
        var afterWrite = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Indicators);
        afterWrite.Headers.IfNoneMatch.Add(etag);
        var response = await Client().SendAsync(afterWrite);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.ETag, Is.Not.EqualTo(etag));
    }

    [Test]
    public async Task Different_urls_have_different_ETags()
    {
        var a = (await Client().GetAsync(ApiRoutes.Indicators)).Headers.ETag;
        var b = (await Client().GetAsync(ApiRoutes.Indicators + "?format=csv")).Headers.ETag;
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public async Task Health_endpoints_answer()
    {
        Assert.That((await Client().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadyAsync()).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task No_server_banner_is_sent()
    {
        var response = await Client().GetAsync("/health/live");
        Assert.That(response.Headers.Server, Is.Empty);
    }

    [Test]
    public async Task Problems_are_json_with_the_rfc_media_type()
    {
        var response = await Client().GetAsync(ApiRoutes.IndicatorUrl("NOPE"));
        Assert.That(response.Content.Headers.ContentType, Is.EqualTo(MediaTypeHeaderValue.Parse("application/problem+json")).Or.Property("MediaType").EqualTo("application/problem+json"));
    }
}

/// <summary>With <c>Auth:RequireAuthForReads</c>, anonymous reads are refused.</summary>
public sealed class ProtectedReadsTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:RequireAuthForReads"] = "true" };

    [Test]
    public async Task Anonymous_reads_are_401_and_any_valid_key_reads()
    {
        await AssertProblem(await Client().GetAsync(ApiRoutes.Indicators), HttpStatusCode.Unauthorized);
        var reader = await KeyAsync("reader");
        Assert.That((await Client(reader).GetAsync(ApiRoutes.Indicators)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "health stays open for probes");
    }
}

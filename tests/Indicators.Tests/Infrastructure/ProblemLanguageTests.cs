using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Infrastructure;

/// <summary>Problems in Vietnamese when the caller asks for it; English otherwise.</summary>
public sealed class ProblemLanguageTests : ApiTest
{
    private async Task<(HttpResponseMessage Response, System.Text.Json.Nodes.JsonNode Body)> GetAsync(string url, string? language, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await Client(key).SendAsync(request);
        return (response, await Json(response));
    }

    [TestCase("vi", "Yêu cầu không hợp lệ.")]
    [TestCase("vi-VN,vi;q=0.9,en;q=0.8", "Yêu cầu không hợp lệ.")]
    [TestCase("en;q=0.9,vi;q=0.5", "The request is not valid.")]
    [TestCase("fr", "The request is not valid.")]
    [TestCase(null, "The request is not valid.")]
    public async Task A_validation_problem_speaks_the_language_asked_for(string? language, string title)
    {
        var (response, body) = await GetAsync(ApiRoutes.ImportTemplate + "?period=2025Q3", language);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo(title));
        Assert.That(body["errors"]!["unit"], Is.Not.Null, "the errors map keeps its field keys");
        Assert.That(response.Content.Headers.ContentLanguage.Contains("vi"), Is.EqualTo(title.StartsWith("Yêu", StringComparison.Ordinal)));
    }

    [TestCase("vi", "Tử số và mẫu số phải nhập cùng nhau.")]
    [TestCase(null, "numerator and denominator go together.")]
    public async Task A_refused_value_is_told_in_the_language_asked_for(string? language, string message)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"))
        {
            Content = JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","numerator":9800}]}"""),
        };
        if (language is not null) request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await Admin().SendAsync(request);
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["errors"]!["values[0].denominator"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task Not_found_and_unauthorised_are_translated_too()
    {
        var (missing, notFound) = await GetAsync(ApiRoutes.IndicatorUrl("NO_SUCH_THING"), "vi");
        Assert.That((missing.StatusCode, notFound["title"]!.GetValue<string>()), Is.EqualTo((HttpStatusCode.NotFound, "Không tìm thấy.")));
        var (denied, unauthorised) = await GetAsync(ApiRoutes.ValueAudit, "vi");
        Assert.That((denied.StatusCode, unauthorised["title"]!.GetValue<string>()), Is.EqualTo((HttpStatusCode.Unauthorized, "Chưa xác thực: cần khóa API hợp lệ.")));
    }
}

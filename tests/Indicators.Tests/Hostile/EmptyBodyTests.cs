using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Hostile;

/// <summary>Every write endpoint, found in the service's own route table, with empty, null and minimal bodies: never a 5xx, always an error body.</summary>
public sealed class EmptyBodyTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:WritesPerMinute"] = "0" };

    /// <summary>A plausible value for each route parameter, so the request reaches the endpoint's own checks.</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unit"] = "51@2025-07-01", ["period"] = "2025Q3", ["id"] = "1", ["code"] = "BHYT_COVERAGE",
    };

    private static readonly string?[] Bodies = [null, "", "null", "{}", "[]", "\"\"", "0", "{\"values\":[],\"submit\":true}", "{\"rows\":[]}", "{\"dataValues\":[]}"];

    [Test]
    public async Task No_write_endpoint_answers_a_5xx_to_an_empty_null_or_minimal_body()
    {
        var writes = Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, e.RoutePattern)))
            .Where(e => e.Method is "POST" or "PUT" or "DELETE" or "PATCH")
            .Select(e => (e.Method, Path: "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => Uri.EscapeDataString(Samples.GetValueOrDefault(parameter.Name, "x")),
                _ => "",
            }))))))
            .Distinct()
            .ToList();
        Assert.That(writes, Has.Count.GreaterThanOrEqualTo(12), "the route table lists the write endpoints");

        var failures = new List<string>();
        foreach (var (method, path) in writes)
        {
            foreach (var body in Bodies)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                var response = await Admin().SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500) failures.Add($"{method} {path} with {body ?? "no body"}: {(int)response.StatusCode} {text}");
                // FHIR endpoints answer their errors as OperationOutcomes, the rest as problems.
                else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != (path.StartsWith(ApiRoutes.Fhir, StringComparison.Ordinal) ? "application/fhir+json" : "application/problem+json"))
                {
                    failures.Add($"{method} {path} with {body ?? "no body"}: {(int)response.StatusCode} is not a problem or an OperationOutcome: {text}");
                }
            }
        }
        Assert.That(failures, Is.Empty);
    }
}

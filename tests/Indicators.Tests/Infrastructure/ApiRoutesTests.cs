using System.Reflection;
using System.Text.RegularExpressions;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace Indicators.Tests.Infrastructure;

/// <summary>The route builders and the endpoints agree: each route the service serves is built by ApiRoutes, and nothing else is.</summary>
public sealed partial class ApiRoutesTests : ApiTest
{
    /// <summary>The workflow steps with a route of their own; saving is the PUT of the submission.</summary>
    private static readonly SubmissionAction[] Steps = [.. Enum.GetValues<SubmissionAction>().Where(a => a != SubmissionAction.Save)];

    /// <summary>The route templates of the endpoints, as routing reports them.</summary>
    private HashSet<string> Served() =>
    [
        .. Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FastEndpoints.EndpointDefinition>() is not null)
            .Select(e => e.RoutePattern.RawText!),
    ];

    private static IEnumerable<string> Templates() =>
        typeof(ApiRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat(Steps.Select(ApiRoutes.SubmissionStep));

    /// <summary>Each builder with values per parameter that need escaping (and differ, so that their order shows).</summary>
    private static IEnumerable<(string Builder, string Url, string[] Values)> Built()
    {
        foreach (var method in typeof(ApiRoutes).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.EndsWith("Url", StringComparison.Ordinal)))
        {
            var parameters = method.GetParameters();
            var steps = parameters.Any(p => p.ParameterType == typeof(SubmissionAction)) ? Steps : [SubmissionAction.Save];
            foreach (var step in steps)
            {
                var arguments = parameters.Select(p => p.ParameterType == typeof(long) ? 42L
                    : p.ParameterType == typeof(SubmissionAction) ? step
                    : p.ParameterType == typeof(string) ? (object)$"{p.Name} 51@2025/07?#%"
                    : throw new AssertionException($"{method.Name}: no sample for a {p.ParameterType.Name}")).ToArray();
                var url = (string)method.Invoke(null, arguments)!;
                yield return (method.Name, url, [.. arguments.Where(a => a is not SubmissionAction).Select(a => a.ToString()!)]);
            }
        }
    }

    /// <summary>Whether the URL's path is the template with these values, in order, in its parameters.</summary>
    private static bool Fills(string template, string url, string[] values)
    {
        var segments = template.Split('/');
        var parts = url.Split('/');
        if (parts.Length != segments.Length) return false;
        var next = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var matches = Parameter().IsMatch(segments[i])
                ? next < values.Length && Uri.UnescapeDataString(parts[i]) == values[next++]
                : parts[i] == segments[i];
            if (!matches) return false;
        }
        return next == values.Length;
    }

    [GeneratedRegex(@"^\{\w+(:\w+)?\}$")]
    private static partial Regex Parameter();

    [Test]
    public void Every_route_served_is_a_template_of_ApiRoutes_and_every_template_is_served()
    {
        var served = Served();
        var templates = Templates().ToHashSet();
        Assert.That(served, Has.Count.GreaterThan(40), "the route table lists the endpoints");
        Assert.Multiple(() =>
        {
            Assert.That(served.Except(templates), Is.Empty, "served, but not written in ApiRoutes");
            Assert.That(templates.Except(served), Is.Empty, "in ApiRoutes, but no endpoint serves it");
        });
    }

    [Test]
    public void Every_builder_fills_a_served_route_with_its_values_escaped_and_every_route_with_parameters_has_a_builder()
    {
        var served = Served();
        var built = Built().ToList();
        Assert.Multiple(() =>
        {
            foreach (var (builder, url, values) in built)
            {
                Assert.That(served.Count(route => Fills(route, url, values)), Is.EqualTo(1), $"{builder} built {url}, which is not one served route with [{string.Join(", ", values)}]");
            }
            foreach (var route in served.Where(r => r.Contains('{')))
            {
                Assert.That(built.Any(b => Fills(route, b.Url, b.Values)), Is.True, $"no builder builds {route}");
            }
        });
    }

    [Test]
    public void Values_are_escaped_into_the_path()
    {
        Assert.That(ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"), Is.EqualTo("/api/v1/submissions/51%402025-07-01/2025Q3"));
        Assert.That(ApiRoutes.SubmissionStepUrl("01", "2025Q3", SubmissionAction.Reopen), Is.EqualTo("/api/v1/submissions/01/2025Q3/reopen"));
        Assert.That(ApiRoutes.IndicatorUrl("../x y"), Is.EqualTo("/api/v1/indicators/..%2Fx%20y"));
        Assert.That(ApiRoutes.TargetHistoryUrl(7), Is.EqualTo("/api/v1/targets/7/history"));
        Assert.That(() => ApiRoutes.SubmissionStep(SubmissionAction.Save), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}

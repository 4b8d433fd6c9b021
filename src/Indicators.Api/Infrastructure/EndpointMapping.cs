using System.Reflection;

namespace Indicators.Api.Infrastructure;

public static class EndpointMapping
{
    /// <summary>Finds every <see cref="IEndpoint"/> in this assembly and maps it under its area's group.</summary>
    public static void MapFeatureEndpoints(this IEndpointRouteBuilder app)
    {
        var endpoints = typeof(IEndpoint).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IEndpoint).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IEndpoint)Activator.CreateInstance(t)!);

        foreach (var area in endpoints.GroupBy(e => e.Area))
        {
            var group = app.MapGroup(area.Key.Prefix).WithTags(area.Key.Tag);
            foreach (var endpoint in area) endpoint.Map(group);
        }
    }

    /// <summary>Adds <see cref="ValidationFilter{T}"/> for the request type <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}

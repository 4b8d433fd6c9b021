namespace Indicators.Api.Infrastructure;

/// <summary>One use case's HTTP endpoint. Implementations are discovered and mapped by <see cref="EndpointMapping"/>.</summary>
public interface IEndpoint
{
    /// <summary>The area the endpoint belongs to: its route prefix and OpenAPI tag.</summary>
    ApiArea Area { get; }

    void Map(RouteGroupBuilder group);
}

/// <summary>A route group: one per area, tagged for OpenAPI.</summary>
public sealed record ApiArea(string Prefix, string Tag)
{
    public static readonly ApiArea Indicators = new("/api/v1/indicators", "Indicators");
    public static readonly ApiArea Units = new("/api/v1/units", "Units");
    public static readonly ApiArea Targets = new("/api/v1/targets", "Targets");
    public static readonly ApiArea Submissions = new("/api/v1/submissions", "Submissions");
    public static readonly ApiArea Values = new("/api/v1/values", "Values");
    public static readonly ApiArea Imports = new("/api/v1", "Imports");
    public static readonly ApiArea Attainment = new("/api/v1", "Attainment");
    public static readonly ApiArea Reports = new("/api/v1/reports", "Reports");
    public static readonly ApiArea Keys = new("/api/v1/admin/keys", "Admin");
}

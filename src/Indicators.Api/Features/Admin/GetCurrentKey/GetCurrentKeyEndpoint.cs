using FastEndpoints;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.GetCurrentKey;

/// <summary>The key a request presents: what a page needs to offer only what the key may do.</summary>
public sealed record CurrentKeyResponse
{
    /// <summary>The key's name and prefix, as the audit trail names it.</summary>
    public required string Name { get; init; }
    public required string Role { get; init; }
    /// <summary>The units of the key's scope (none for an admin key, which may act for every unit).</summary>
    public required IReadOnlyList<CurrentKeyUnit> Units { get; init; }
}

public sealed record CurrentKeyUnit(string Id, string Code, string NameVi, Domain.UnitLevel Level);

public sealed class GetCurrentKeyEndpoint(UnitDirectory directory) : EndpointWithoutRequest<Ok<CurrentKeyResponse>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Me);
        Policies(AccessPolicies.AnyKey);
        Description(b => b.WithName("GetCurrentKey").WithTags("Admin"));
        Summary(s => s.Summary = "The key of the request: its name, role and units (any valid key).");
    }

    public override async Task<Ok<CurrentKeyResponse>> ExecuteAsync(CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        return TypedResults.Ok(new CurrentKeyResponse
        {
            Name = User.Actor(),
            Role = User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "",
            Units = User.ScopeUnits().Select(graph.Find).OfType<Domain.UnitVersion>().Select(u => new CurrentKeyUnit(u.Id, u.Code, u.NameVi, u.Level)).ToList(),
        });
    }
}

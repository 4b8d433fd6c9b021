using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Units.GetUnit;

public sealed class GetUnitEndpoint(UnitDirectory directory, TimeProvider clock) : Endpoint<GetUnitRequest, Results<Ok<UnitResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Unit);
        Group<UnitsArea>();
        Description(b => b.WithName("GetUnit").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "One unit by id (51@2025-07-01) or by bare code resolved at asOf (52 is Bình Định on 2024-12-31, Gia Lai on 2025-12-31).");
    }

    public override async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> ExecuteAsync(GetUnitRequest request, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        var resolved = graph.ResolveForRead(request.Unit, request.AsOf, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return resolved.Unit is null
            ? Problems.NotFound(resolved.Error!)
            : TypedResults.Ok(UnitResponse.From(resolved.Unit, graph));
    }
}

public sealed record GetUnitRequest
{
    /// <summary>A unit id, or a bare code resolved at asOf.</summary>
    public string Unit { get; init; } = "";
    /// <summary>The date a bare code is resolved at; today when absent.</summary>
    public DateOnly? AsOf { get; init; }
}

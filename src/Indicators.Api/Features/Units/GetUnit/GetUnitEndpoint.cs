using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Units.GetUnit;

public sealed class GetUnitEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Units;

    public void Map(RouteGroupBuilder group) => group.MapGet("{unit}", Handle)
        .WithName("GetUnit")
        .WithSummary("One unit by id (51@2025-07-01) or by bare code resolved at asOf (52 is Bình Định on 2024-12-31, Gia Lai on 2025-12-31).")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<UnitResponse>, ProblemHttpResult>> Handle(
        string unit, DateOnly? asOf, UnitDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        var resolved = graph.ResolveForRead(unit, asOf, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return resolved.Unit is null
            ? Problems.NotFound(resolved.Error!)
            : TypedResults.Ok(UnitResponse.From(resolved.Unit, graph));
    }
}

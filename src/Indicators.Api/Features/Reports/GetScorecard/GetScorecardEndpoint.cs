using Indicators.Api.Data;
using Indicators.Api.Features.Attainment;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Reports.GetScorecard;

public sealed class GetScorecardEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Reports;

    public void Map(RouteGroupBuilder group) => group.MapGet("scorecard/{unit}", Handle)
        .WithName("GetScorecard")
        .WithSummary("One unit's targets with their attainment, and the counts by status; format=csv gives the rows.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ScorecardResponse>, CsvResult<AttainmentRow>, ValidationProblem, ProblemHttpResult>> Handle(
        string unit, int? year, DateOnly? asOf, string? format, HttpContext http, AttainmentQuery query, UnitDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) return Problems.Validation("year", "year must be between 2000 and 2100.");
        if (format is not (null or "csv" or "json")) return Problems.Validation("format", "format must be csv or json.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var resolved = (await directory.GetAsync(ct)).ResolveForRead(unit, asOf, today);
        if (resolved.Unit is null) return Problems.NotFound(resolved.Error!);
        var (rows, _) = await query.RunAsync(new AttainmentFilter(year, null, resolved.Unit.Id, null, null, asOf), ct);
        if (Csv.Requested(http, format)) return new CsvResult<AttainmentRow>(rows);
        return TypedResults.Ok(new ScorecardResponse(StatusCounts.Of(rows))
        {
            Unit = resolved.Unit.Id,
            UnitName = resolved.Unit.NameVi,
            Level = resolved.Unit.Level,
            ValidTo = resolved.Unit.ValidTo,
            SuccessorId = resolved.Unit.SuccessorId,
            AsOf = asOf ?? today,
            Items = rows,
        });
    }
}

using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Features.Targets;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Attainment.GetSeries;

public sealed class GetSeriesEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Attainment;

    public void Map(RouteGroupBuilder group) => group.MapGet("series", Handle)
        .WithName("GetSeries")
        .WithSummary("Reported and derived values of one unit and indicator over time, with the straight path from baseline to each target; format=csv gives the points.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .ProducesValidationProblem();

    private static async Task<Results<Ok<SeriesResponse>, CsvResult<SeriesPointResponse>, ValidationProblem>> Handle(
        string? indicator, string? unit, string? from, string? to, DateOnly? asOf, string? format, HttpContext http,
        Database database, ValueIndexCache cache, TimeProvider clock, CancellationToken ct)
    {
        var (index, _) = await cache.GetAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(indicator)) errors["indicator"] = ["indicator is required."];
        else if (!index.Indicators.ContainsKey(indicator)) errors["indicator"] = [$"Unknown indicator '{indicator}'."];
        var resolved = string.IsNullOrEmpty(unit) ? new UnitResolution(null, "unit is required.") : index.Units.ResolveForRead(unit, asOf, today);
        if (resolved.Unit is null) errors["unit"] = [resolved.Error!];
        Period? fromPeriod = null, toPeriod = null;
        if (from is not null) { if (Period.TryParse(from, out var f, out var e)) fromPeriod = f; else errors["from"] = [e!]; }
        if (to is not null) { if (Period.TryParse(to, out var t, out var e)) toPeriod = t; else errors["to"] = [e!]; }
        if (format is not (null or "csv" or "json")) errors["format"] = ["format must be csv or json."];
        if (errors.Count > 0) return Problems.Validation(errors);

        var definition = index.Indicators[indicator!];
        var unitId = resolved.Unit!.Id;
        var points = index.Series(indicator!, unitId)
            .Where(v => (fromPeriod is null || v.Period.End >= fromPeriod.Value.End) && (toPeriod is null || v.Period.End <= toPeriod.Value.End))
            .Select(v => new SeriesPointResponse
            {
                Period = v.Period.Id, PeriodEnd = v.Period.End, Value = v.Value is { } x ? Comparison.Round(x, definition.Decimals + 2) : null,
                Source = v.Source, CoveragePct = v.CoveragePct,
            })
            .ToList();
        if (Csv.Requested(http, format)) return new CsvResult<SeriesPointResponse>(points);

        IReadOnlyList<TargetResponse> targets;
        await using (var connection = await database.OpenAsync(ct))
        {
            targets = await TargetData.CurrentAsync(connection, indicator, unitId, null, ct);
        }
        var firstValue = points.FirstOrDefault(p => p.Value is not null);
        var paths = targets.Select(t =>
        {
            var row = AttainmentEngine.Evaluate(t, index, asOf ?? today);
            var start = row.BaselineValue is { } b && t.BaselineYear is { } by
                ? new PathPoint(new DateOnly(by, 12, 31), b)
                : firstValue is not null ? new PathPoint(firstValue.PeriodEnd, firstValue.Value!.Value) : null;
            var end = row.TargetValue is { } tv ? new PathPoint(new DateOnly(t.Year, 12, 31), tv) : null;
            return new TargetPathResponse
            {
                TargetId = t.Id, Year = t.Year, Comparator = t.Comparator, TargetValue = row.TargetValue, UpperValue = row.UpperValue,
                BaselineValue = row.BaselineValue, BaselineYear = t.BaselineYear, Status = row.Status, Projected = row.Projected,
                ObservedPerYear = row.ObservedPerYear, Source = t.Source,
                PathStart = start is null || end is null ? null : row.BaselineValue is not null && t.BaselineYear is not null ? "baseline" : "firstValue",
                Path = start is not null && end is not null ? [start, end] : end is not null ? [end] : [],
            };
        }).ToList();

        return TypedResults.Ok(new SeriesResponse
        {
            Indicator = definition.Code, IndicatorName = definition.NameVi, IndicatorUnit = definition.Unit, Decimals = definition.Decimals,
            Unit = unitId, UnitName = resolved.Unit.NameVi, Points = points, Targets = paths,
        });
    }
}

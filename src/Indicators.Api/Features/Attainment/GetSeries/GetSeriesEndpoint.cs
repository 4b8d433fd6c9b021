using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Attainment.GetSeries;

public sealed class GetSeriesEndpoint(ValueIndexCache cache, TimeProvider clock)
    : Endpoint<GetSeriesRequest, Results<Ok<SeriesResponse>, ListFileResult<SeriesPointResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Series);
        Group<AttainmentArea>();
        Description(b => b.WithName("GetSeries").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Reported and derived values of one unit and indicator over time, with the straight path from baseline to each target; format=csv or xlsx gives the points. "
            + "disaggregation= (sex:female, …) gives the series and targets of one disaggregation; the total by default.");
    }

    public override async Task<Results<Ok<SeriesResponse>, ListFileResult<SeriesPointResponse>, ValidationProblem>> ExecuteAsync(GetSeriesRequest request, CancellationToken ct)
    {
        var (index, _) = await cache.GetAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new Dictionary<string, string[]>();
        var indicator = request.Indicator!;
        if (!index.Indicators.ContainsKey(indicator)) errors["indicator"] = [$"Unknown indicator '{indicator}'."];
        var resolved = index.Units.ResolveForRead(request.Unit!, request.AsOf, today);
        if (resolved.Unit is null) errors["unit"] = [resolved.Error!];
        if (errors.Count > 0) return Problems.Validation(errors);
        var fromPeriod = request.From is null ? (Period?)null : Period.Parse(request.From);
        var toPeriod = request.To is null ? (Period?)null : Period.Parse(request.To);

        var definition = index.Indicators[indicator];
        var unitId = resolved.Unit!.Id;
        var disaggregation = Disaggregation.Parse(request.Disaggregation).Key!;
        var points = index.Series(indicator, unitId, disaggregation)
            .Where(v => (fromPeriod is null || v.Period.End >= fromPeriod.Value.End) && (toPeriod is null || v.Period.End <= toPeriod.Value.End))
            .Select(v => new SeriesPointResponse
            {
                Period = v.Period.Id, PeriodEnd = v.Period.End, Value = v.Value is { } x ? Comparison.Round(x, definition.Decimals + 2) : null,
                Source = v.Source, CoveragePct = v.CoveragePct,
            })
            .ToList();
        if (ListFile.For(HttpContext, request, ListFile.SafeName("series", indicator, unitId)) is { } file) return (file with { Decimals = definition.Decimals }).Of(points);

        // The unit's own targets and those it inherits from a unit above, as the attainment table judges them.
        var asOf = request.AsOf ?? today;
        var judged = TargetCascade.Expand(index.Targets.Where(t => t.Indicator == indicator && t.Disaggregation == disaggregation).ToList(), index.Units,
                y => Domain.Attainment.Cutoff(asOf, y))
            .Where(j => j.Unit == unitId);
        var firstValue = points.FirstOrDefault(p => p.Value is not null);
        var paths = judged.Select(j =>
        {
            var t = j.Target;
            var row = AttainmentEngine.Evaluate(j, index, asOf);
            var start = row.BaselineValue is { } b && row.BaselineYear is { } by
                ? new PathPoint(new DateOnly(by, 12, 31), b)
                : firstValue is not null ? new PathPoint(firstValue.PeriodEnd, firstValue.Value!.Value) : null;
            var end = row.TargetValue is { } tv ? new PathPoint(new DateOnly(t.Year, 12, 31), tv) : null;
            return new TargetPathResponse
            {
                TargetId = t.Id, Year = t.Year, Comparator = t.Comparator, TargetValue = row.TargetValue, UpperValue = row.UpperValue,
                BaselineValue = row.BaselineValue, BaselineYear = row.BaselineYear, Status = row.Status, Projected = row.Projected,
                ObservedPerYear = row.ObservedPerYear, Source = t.Source, Inherited = j.Inherited, TargetUnit = row.TargetUnit,
                PathStart = start is null || end is null ? null : row.BaselineValue is not null && row.BaselineYear is not null ? "baseline" : "firstValue",
                Path = start is not null && end is not null ? [start, end] : end is not null ? [end] : [],
            };
        }).ToList();

        return TypedResults.Ok(new SeriesResponse
        {
            Indicator = definition.Code, IndicatorName = definition.NameVi, IndicatorUnit = definition.Unit, Decimals = definition.Decimals,
            Unit = unitId, UnitName = resolved.Unit.NameVi, Disaggregation = Disaggregation.OrNull(disaggregation), Points = points, Targets = paths,
        });
    }
}

public sealed class GetSeriesRequest : IFileFormatRequest
{
    /// <summary>The indicator's code.</summary>
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code resolved at asOf.</summary>
    public string? Unit { get; init; }
    /// <summary>A period: points whose period ends at or after its end.</summary>
    public string? From { get; init; }
    /// <summary>A period: points whose period ends at or before its end.</summary>
    public string? To { get; init; }
    /// <summary>Judge the targets on the data as of this date (default today).</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>The disaggregation: pairs such as <c>sex:female</c>, or <c>total</c> (the default).</summary>
    public string? Disaggregation { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
}

public sealed class GetSeriesRequestValidator : Validator<GetSeriesRequest>
{
    public GetSeriesRequestValidator()
    {
        RuleFor(r => r.Indicator).NotEmpty().WithMessage("indicator is required.").MaximumLength(64);
        RuleFor(r => r.Unit).NotEmpty().WithMessage("unit is required.").MaximumLength(40);
        RuleFor(r => r.From).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.From));
        RuleFor(r => r.To).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.To));
        RuleFor(r => r.Disaggregation).MaximumLength(200).Must(d => d is null || Domain.Disaggregation.Parse(d).Error is null)
            .WithMessage(r => Domain.Disaggregation.Parse(r.Disaggregation).Error ?? "");
        Include(new FileFormatValidator());
    }
}

using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>One group of an equity report: an option's actual for the year, beside the overall value and the reference group.</summary>
public sealed record EquityGroup
{
    /// <summary>The option code (<c>minority</c>).</summary>
    public required string Option { get; init; }
    public required string OptionNameVi { get; init; }
    public required string OptionNameEn { get; init; }
    /// <summary>The canonical disaggregation key (<c>ethnicity:minority</c>).</summary>
    public required string Disaggregation { get; init; }
    [Infrastructure.IndicatorDecimals]
    public decimal? Value { get; init; }
    public string? Period { get; init; }
    public ValueSource? Source { get; init; }
    public decimal? CoveragePct { get; init; }
    /// <summary>value / the overall value, 4 decimals.</summary>
    public decimal? RatioToOverall { get; init; }
    /// <summary>value − the overall value.</summary>
    [Infrastructure.IndicatorDecimals]
    public decimal? DifferenceFromOverall { get; init; }
    /// <summary>value / the reference group's value (the category's first option), 4 decimals.</summary>
    public decimal? RatioToReference { get; init; }
    /// <summary>value − the reference group's value.</summary>
    [Infrastructure.IndicatorDecimals]
    public decimal? DifferenceFromReference { get; init; }
    /// <summary>The attainment of the group's own target for the year (or one it inherits), when it has one.</summary>
    public AttainmentRow? Attainment { get; init; }
}

/// <summary>
/// The gaps between the groups of a category (DESIGN §3 <c>/reports/equity</c>): each option's actual for a year —
/// reported or rolled up like a total — beside the overall value, their ratio and difference, and the same against the
/// reference group, the category's first option (Kinh for ethnicity, male for sex). No I/O.
/// </summary>
public static class EquityReport
{
    /// <summary>A unit's actual of a year as a target of that year reads it (whole years for a flow), with its period and source.</summary>
    public static UnitValue? Actual(ValueIndex index, string indicator, string unitId, string disaggregation, int year, DateOnly asOf)
    {
        var definition = index.Indicators[indicator];
        var series = definition.Aggregation == Aggregation.Sum
            ? index.YearSeries(indicator, unitId, disaggregation)
            : index.Series(indicator, unitId, disaggregation);
        var valued = series.Where(v => v.Value is not null).ToList();
        var point = Domain.Attainment.SelectActual(valued.Select(v => new SeriesPoint(v.Period.End, v.Value!.Value)), asOf, year);
        return point is { } p ? valued.Last(v => v.Period.End == p.PeriodEnd) : null;
    }

    public static IReadOnlyList<EquityGroup> Groups(ValueIndex index, string indicator, string unitId, Category category, int year, DateOnly asOf,
        UnitValue? overall, IReadOnlyList<AttainmentRow> attainment)
    {
        var decimals = index.Indicators[indicator].Decimals;
        var values = category.Options
            .Select(o => (Option: o, Key: Disaggregation.With(Disaggregation.Total, category.Code, o.Code)))
            .Select(o => (o.Option, o.Key, Actual: Actual(index, indicator, unitId, o.Key, year, asOf)))
            .ToList();
        var reference = values.Count > 0 ? values[0].Actual?.Value : null;
        return values.Select(g => new EquityGroup
        {
            Option = g.Option.Code,
            OptionNameVi = g.Option.NameVi,
            OptionNameEn = g.Option.NameEn,
            Disaggregation = g.Key,
            Value = Round(g.Actual?.Value, decimals),
            Period = g.Actual?.Period.Id,
            Source = g.Actual?.Source,
            CoveragePct = g.Actual?.CoveragePct,
            RatioToOverall = Ratio(g.Actual?.Value, overall?.Value),
            DifferenceFromOverall = Difference(g.Actual?.Value, overall?.Value, decimals),
            RatioToReference = Ratio(g.Actual?.Value, reference),
            DifferenceFromReference = Difference(g.Actual?.Value, reference, decimals),
            Attainment = attainment.FirstOrDefault(r => r.Disaggregation == g.Key),
        }).ToList();
    }

    public static decimal? Round(decimal? value, int decimals) => value is { } v ? Comparison.Round(v, decimals) : null;

    private static decimal? Ratio(decimal? value, decimal? of) => value is { } v && of is { } o && o != 0 ? Math.Round(v / o, 4, MidpointRounding.AwayFromZero) : null;

    private static decimal? Difference(decimal? value, decimal? from, int decimals) => value is { } v && from is { } f ? Comparison.Round(v - f, decimals) : null;
}

using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>One line of a reporting form: an indicator a unit is expected to report for a period, with last period's value beside it.</summary>
public sealed record FormLine
{
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required string Period { get; init; }
    public required string PeriodLabel { get; init; }
    public required string Indicator { get; init; }
    public required string IndicatorName { get; init; }
    /// <summary>The unit of measure as people write it: %, /10.000 dân, năm, …</summary>
    public required string MeasureUnit { get; init; }
    public required int Decimals { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    /// <summary>A ratio indicator is entered as numerator and denominator; the value is numerator / denominator × factor.</summary>
    public required bool Ratio { get; init; }
    public required decimal Factor { get; init; }
    public string? NumeratorName { get; init; }
    public string? DenominatorName { get; init; }
    public required string PreviousPeriod { get; init; }
    public required string PreviousPeriodLabel { get; init; }
    /// <summary>The unit's value for the period before, reported or derived; null when there is none.</summary>
    public decimal? PreviousValue { get; init; }
    /// <summary>The value reports count for this period now (submitted or approved); null when there is none.</summary>
    public decimal? Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    public string? Comment { get; init; }
}

/// <summary>
/// The form of a reporting period: the indicators of that period's frequency (for a month or the nine months, those
/// that accept it) for each unit, in indicator order, with last period's value and the values stored now.
/// </summary>
public static class ReportingForm
{
    /// <param name="current">The values reports count for the period now, with their comments.</param>
    public static IReadOnlyList<FormLine> Build(ValueIndex index, IEnumerable<UnitVersion> units, Period period, IEnumerable<Storage.ListedValue> current)
    {
        var now = current.Where(v => v.Period == period.Id).ToDictionary(v => (v.Unit, v.Indicator));
        var indicators = index.Indicators.Values.Where(i => Expects(i, period)).OrderBy(i => i.Group, StringComparer.Ordinal)
            .ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        var previous = period.Previous;
        return units.SelectMany(unit => indicators.Select(indicator =>
        {
            var value = now.GetValueOrDefault((unit.Id, indicator.Code));
            return new FormLine
            {
                Unit = unit.Id, UnitName = unit.NameVi, Period = period.Id, PeriodLabel = period.Label,
                Indicator = indicator.Code, IndicatorName = indicator.NameVi, MeasureUnit = MeasureUnit(indicator.Unit),
                Decimals = indicator.Decimals, Min = indicator.Min, Max = indicator.Max,
                Ratio = indicator.Aggregation == Aggregation.Ratio, Factor = indicator.Factor,
                NumeratorName = indicator.NumeratorVi, DenominatorName = indicator.DenominatorVi,
                PreviousPeriod = previous.Id, PreviousPeriodLabel = previous.Label,
                PreviousValue = index.At(indicator.Code, unit.Id, previous)?.Value,
                Value = value?.Value, Numerator = value?.Numerator, Denominator = value?.Denominator, Comment = value?.Comment,
            };
        })).ToList();
    }

    /// <summary>An indicator of the period's own frequency; for a month or the nine months, one that accepts it.</summary>
    public static bool Expects(Indicator indicator, Period period) => period.Kind is PeriodKind.Month or PeriodKind.NineMonths
        ? period.Misfit(indicator) is null
        : period.Kind == Period.KindOf(indicator.Frequency);

    private static string MeasureUnit(IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Percent => "%",
        IndicatorUnit.Per10k => "/10.000 dân",
        IndicatorUnit.Per1000 => "‰",
        IndicatorUnit.Years => "năm",
        IndicatorUnit.Cm => "cm",
        IndicatorUnit.Count => "số lượng",
        IndicatorUnit.Ratio => "tỷ số",
        IndicatorUnit.Index => "chỉ số",
        IndicatorUnit.VndBillion => "tỷ đồng",
        _ => EnumText.Of(unit),
    };
}

using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>Computes attainment rows from targets and a <see cref="ValueIndex"/>; no I/O.</summary>
public static class AttainmentEngine
{
    /// <summary>The attainment of a target for the unit it is judged for: its own, or a unit below that inherits it.</summary>
    public static AttainmentRow Evaluate(JudgedTarget judged, ValueIndex index, DateOnly asOf)
    {
        var target = judged.Target;
        var indicator = index.Indicators[target.Indicator];
        var unit = index.Units.Find(judged.Unit)!;
        var targetUnit = judged.Inherited ? index.Units.Find(target.Unit)! : unit;
        // A flow (births, spending) is judged on whole years; a stock (coverage, doctors per 10,000) on its latest value.
        var disaggregation = target.Disaggregation;
        var series = indicator.Aggregation == Aggregation.Sum
            ? index.YearSeries(target.Indicator, unit.Id, disaggregation)
            : index.Series(target.Indicator, unit.Id, disaggregation);
        // The series' valued entries and their points, side by side (a loop: this runs for every row of a report).
        var valued = new List<UnitValue>(series.Count);
        var points = new List<SeriesPoint>(series.Count);
        foreach (var v in series)
        {
            if (v.Value is not { } number) continue;
            valued.Add(v);
            points.Add(new SeriesPoint(v.Period.End, number));
        }
        var actualPoint = Domain.Attainment.SelectActual(points, asOf, target.Year);
        var actual = actualPoint is { } a ? valued[points.FindLastIndex(p => p.PeriodEnd == a.PeriodEnd)] : null;
        // Without an actual, the latest derivation that fell short of the minimum coverage still tells how far it got.
        var shortfall = actual is null ? series.LastOrDefault(v => v.Value is null && v.Period.End <= Domain.Attainment.Cutoff(asOf, target.Year)) : null;

        var baselineYear = TargetResolution.BaselineYear(target.Kind, target.Year, target.BaselineYear);
        var baseline = target.BaselineValue
            ?? (baselineYear is { } by ? index.YearValue(target.Indicator, unit.Id, by, disaggregation)?.Value : null);
        decimal? referenceActual = null;
        if (target.Kind == TargetKind.MatchUnit && target.ReferenceUnit is { } reference)
        {
            var referencePoints = index.Series(target.Indicator, reference, disaggregation).Where(v => v.Value is not null)
                .Select(v => new SeriesPoint(v.Period.End, v.Value!.Value));
            referenceActual = Domain.Attainment.SelectActual(referencePoints, asOf, target.Year)?.Value;
        }
        var resolved = TargetResolution.Resolve(target.Kind, target.Value, target.UpperValue, baseline, referenceActual);
        var result = Domain.Attainment.Calculate(new AttainmentInput(target.Comparator, resolved, indicator.Direction, indicator.Decimals,
            target.Year, baselineYear, actualPoint, points, asOf, unit.ValidTo));
        var successor = unit.SuccessorId is { } next ? index.Units.Find(next) : null;

        return new AttainmentRow
        {
            TargetId = target.Id,
            Indicator = target.Indicator,
            IndicatorName = indicator.NameVi,
            IndicatorGroup = indicator.Group,
            Unit = unit.Id,
            UnitName = unit.NameVi,
            Disaggregation = Disaggregation.OrNull(disaggregation),
            UnitLevel = unit.Level,
            UnitValidTo = unit.ValidTo,
            UnitSuccessor = successor?.Id,
            UnitSuccessorName = successor?.NameVi,
            Year = target.Year,
            Comparator = target.Comparator,
            TargetValue = resolved.Target,
            UpperValue = resolved.Upper,
            Kind = target.Kind,
            BaselineValue = resolved.Baseline,
            BaselineYear = baselineYear,
            Source = target.Source,
            Inherited = judged.Inherited,
            TargetUnit = targetUnit.Id,
            TargetUnitName = targetUnit.NameVi,
            ActualValue = actual?.Value is { } value ? Comparison.Round(value, indicator.Decimals) : null,
            ActualPeriod = actual?.Period.Id,
            ActualPeriodLabel = actual?.Period.Label,
            ActualSource = actual?.Source,
            CoveragePct = actual?.CoveragePct ?? shortfall?.CoveragePct,
            Met = result.Met,
            AttainmentPct = result.AttainmentPct,
            Gap = result.Gap,
            GapPct = result.GapPct,
            ProgressPct = result.ProgressPct,
            ExpectedNow = result.ExpectedNow,
            ObservedPerYear = result.ObservedPerYear,
            RequiredPerYear = result.RequiredPerYear,
            Projected = result.Projected,
            Status = result.Status,
            BeyondBand = result.BeyondBand,
        };
    }
}

using System.Collections.Concurrent;
using Indicators.Api.Domain;
using Indicators.Api.Features.Indicators;

namespace Indicators.Api.Features.Attainment;

public enum ValueSource { Reported, Derived }

/// <summary>
/// A unit's value for one period: reported, or derived from its parts. A derived entry whose parts did not cover
/// enough has no <see cref="Value"/> but still tells its <see cref="CoveragePct"/>.
/// </summary>
public sealed record UnitValue(Period Period, decimal? Value, decimal? Numerator, decimal? Denominator, ValueSource Source, decimal? CoveragePct);

/// <summary>
/// Every reported value of one data version, in memory, and the roll-ups derived from them (DESIGN §Roll-ups and
/// the 2025 merger): a unit's value for a period is its reported value, else derived by the indicator's aggregation
/// from its children valid in that period or, for a period before the unit existed, from its predecessors.
/// Immutable once built; derivations are memoised, so one index serves concurrent requests of the same version.
/// </summary>
public sealed class ValueIndex(
    UnitGraph units,
    IReadOnlyDictionary<string, IndicatorResponse> indicators,
    IReadOnlyDictionary<(string Indicator, string Unit), IReadOnlyDictionary<Period, PeriodValue>> reported,
    decimal minCoveragePct)
{
    public const string Population = "POPULATION";

    private readonly ConcurrentDictionary<(string, string, Period), UnitValue?> _at = new();
    private readonly ConcurrentDictionary<(string, string), IReadOnlyList<UnitValue>> _series = new();

    /// <summary>Attainment results computed from this index, by filter (a bounded number; they die with the index).</summary>
    public IReadOnlyDictionary<AttainmentFilter, IReadOnlyList<AttainmentRow>> Results => _results;

    private readonly ConcurrentDictionary<AttainmentFilter, IReadOnlyList<AttainmentRow>> _results = new();

    public void Remember(AttainmentFilter filter, IReadOnlyList<AttainmentRow> rows)
    {
        if (_results.Count < 64) _results.TryAdd(filter, rows);
    }

    public UnitGraph Units => units;

    public IReadOnlyDictionary<string, IndicatorResponse> Indicators => indicators;

    /// <summary>The value of <paramref name="unitId"/> for exactly <paramref name="period"/>, reported or derived; null when there is nothing to say.</summary>
    public UnitValue? At(string indicator, string unitId, Period period) =>
        _at.GetOrAdd((indicator, unitId, period), key => Compute(key.Item1, key.Item2, key.Item3));

    /// <summary>Every period for which the unit has a reported or derived entry, in period order (entries without a value included).</summary>
    public IReadOnlyList<UnitValue> Series(string indicator, string unitId) =>
        _series.GetOrAdd((indicator, unitId), key => CandidatePeriods(key.Item1, key.Item2, [])
            .Order()
            .Select(p => At(key.Item1, key.Item2, p))
            .OfType<UnitValue>()
            .ToList());

    /// <summary>
    /// The value standing for a whole year (a baseline year): the year's own value, else for a stock the latest period
    /// of the year, for a <c>sum</c> flow the periods of the year added up (DESIGN §Periods).
    /// </summary>
    public PeriodValue? YearValue(string indicator, string unitId, int year)
    {
        var definition = indicators[indicator];
        var values = Series(indicator, unitId).Where(v => v.Value is not null && v.Period.Year == year)
            .Select(v => new PeriodValue(v.Period, v.Value!.Value, v.Numerator, v.Denominator));
        return RollUp.YearValue(year, values, definition.Aggregation, isFlow: definition.Aggregation == Aggregation.Sum, definition.Factor);
    }

    private UnitValue? Compute(string indicator, string unitId, Period period)
    {
        if (reported.TryGetValue((indicator, unitId), out var own) && own.TryGetValue(period, out var value))
        {
            return new UnitValue(period, value.Value, value.Numerator, value.Denominator, ValueSource.Reported, null);
        }
        var definition = indicators[indicator];
        if (definition.Aggregation == Aggregation.None) return null;
        var parts = Parts(unitId, period);
        if (parts.Count == 0) return null;

        var rollUpParts = parts.Select(part =>
        {
            var v = At(indicator, part.Id, period);
            var population = definition.Aggregation == Aggregation.WeightedMean && v?.Value is not null
                ? At(Population, part.Id, Period.ForYear(period.Year))?.Value
                : null;
            return new RollUpPart(v?.Value, v?.Numerator, v?.Denominator, population);
        }).ToList();
        if (rollUpParts.All(p => p.Value is null)) return null;
        var derived = RollUp.Derive(definition.Aggregation, rollUpParts, definition.Factor, minCoveragePct);
        return new UnitValue(period, derived.Value, derived.Numerator, derived.Denominator, ValueSource.Derived, derived.CoveragePct);
    }

    /// <summary>The parts a unit's value is derived from: its predecessors for a period before it existed, else its children valid then.</summary>
    private List<UnitVersion> Parts(string unitId, Period period)
    {
        if (units.Find(unitId) is not { } unit) return [];
        var before = unit.ValidFrom is { } from && period.End < from;
        var parts = before ? units.Predecessors(unitId) : units.Children(unitId);
        return parts.Where(p => p.IsValidOn(period.End)).ToList();
    }

    private HashSet<Period> CandidatePeriods(string indicator, string unitId, HashSet<string> visiting)
    {
        var periods = reported.TryGetValue((indicator, unitId), out var own) ? own.Keys.ToHashSet() : [];
        if (!visiting.Add(unitId) || indicators[indicator].Aggregation == Aggregation.None) return periods;
        foreach (var part in units.Children(unitId).Concat(units.Predecessors(unitId)))
        {
            periods.UnionWith(_series.TryGetValue((indicator, part.Id), out var known) ? known.Select(v => v.Period) : CandidatePeriods(indicator, part.Id, visiting));
        }
        visiting.Remove(unitId);
        return periods;
    }
}

using System.Collections.Concurrent;
using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

public enum ValueSource { Reported, Derived }

/// <summary>
/// A unit's value for one period: reported, or derived from its parts. A derived entry whose parts did not cover
/// enough has no <see cref="Value"/> but still tells its <see cref="CoveragePct"/>.
/// </summary>
public sealed record UnitValue(Period Period, decimal? Value, decimal? Numerator, decimal? Denominator, ValueSource Source, decimal? CoveragePct);

/// <summary>
/// Every reported value and every current target of one data version, in memory, and the roll-ups derived from the
/// values (DESIGN §Roll-ups and the 2025 merger): a unit's value for a period is its reported value, else derived by
/// the indicator's aggregation from its children valid in that period, for a period before the unit existed from its
/// predecessors, or for a period after it ended from the units formed wholly from its territory. Immutable once
/// built; each (indicator, unit) series is derived once and memoised, so one index serves concurrent requests of the
/// same version.
/// <para>
/// After a write the next index is made from this one (<see cref="WithChanges"/>): it replaces the changed series
/// and keeps every memoised series and attainment row that the change cannot reach, so a report read right after a
/// write costs the change, not the whole country.
/// </para>
/// </summary>
public sealed class ValueIndex
{
    public const string Population = "POPULATION";

    /// <summary>Results and pages kept per index: a bounded number, they die with the index.</summary>
    private const int MaxRemembered = 64;

    private readonly Dictionary<(string Indicator, string Unit), UnitValue[]> _reported;
    private readonly decimal _minCoveragePct;
    /// <summary>Series carried over from the previous version (read-only), and those derived in this one.</summary>
    private readonly Dictionary<(string Indicator, string Unit), UnitValue[]> _inherited;
    private readonly ConcurrentDictionary<(string Indicator, string Unit), UnitValue[]> _series = new();
    private readonly Lazy<ILookup<int, Target>> _targetsByYear;
    private readonly ConcurrentDictionary<AttainmentKey, IReadOnlyList<AttainmentRow>> _results = new();
    private readonly ConcurrentDictionary<(AttainmentKey, string? After, int Take), byte[]> _pages = new();

    /// <param name="reported">Each unit's reported values of an indicator, in period order.</param>
    /// <param name="targets">The current targets, ordered by id.</param>
    /// <param name="watermark">The last audit entry this index includes; the next index reads the changes after it.</param>
    public ValueIndex(UnitGraph units, IReadOnlyDictionary<string, Indicator> indicators,
        Dictionary<(string Indicator, string Unit), UnitValue[]> reported, IReadOnlyList<Target> targets, decimal minCoveragePct, long watermark)
        : this(units, indicators, reported, targets, minCoveragePct, watermark, [], null, null, null)
    {
    }

    private ValueIndex(UnitGraph units, IReadOnlyDictionary<string, Indicator> indicators,
        Dictionary<(string, string), UnitValue[]> reported, IReadOnlyList<Target> targets, decimal minCoveragePct, long watermark,
        Dictionary<(string, string), UnitValue[]> inherited, ValueIndex? previous, HashSet<(string, string)>? changed,
        Lazy<ILookup<int, Target>>? targetsByYear)
    {
        Units = units;
        Indicators = indicators;
        Targets = targets;
        Watermark = watermark;
        _reported = reported;
        _minCoveragePct = minCoveragePct;
        _inherited = inherited;
        Previous = previous;
        Changed = changed;
        ChangedUnits = changed?.Select(c => c.Item2).ToHashSet(StringComparer.Ordinal);
        _targetsByYear = targetsByYear ?? new(() => targets.ToLookup(t => t.Year));
    }

    public UnitGraph Units { get; }

    public IReadOnlyDictionary<string, Indicator> Indicators { get; }

    /// <summary>The current targets, ordered by id.</summary>
    public IReadOnlyList<Target> Targets { get; }

    /// <summary>The id of the last audit entry included.</summary>
    public long Watermark { get; }

    /// <summary>How many reported values the index holds (a measure of its size).</summary>
    public int ReportedValueCount => _reported.Values.Sum(v => v.Length);

    /// <summary>The index this one was made from by <see cref="WithChanges"/>, while its results are worth reusing.</summary>
    public ValueIndex? Previous { get; private set; }

    /// <summary>The (indicator, unit) series that may differ from <see cref="Previous"/>; null when the targets changed too.</summary>
    public IReadOnlySet<(string Indicator, string Unit)>? Changed { get; }

    /// <summary>The units of <see cref="Changed"/>: a quick first test.</summary>
    private IReadOnlySet<string>? ChangedUnits { get; }

    /// <summary>The current targets of one year, ordered by id.</summary>
    public IEnumerable<Target> TargetsOf(int year) => _targetsByYear.Value[year];

    /// <summary>Attainment results computed from this index, by filter.</summary>
    public IReadOnlyDictionary<AttainmentKey, IReadOnlyList<AttainmentRow>> Results => _results;

    public void Remember(AttainmentKey key, IReadOnlyList<AttainmentRow> rows)
    {
        if (_results.Count < MaxRemembered) _results.TryAdd(key, rows);
    }

    /// <summary>A serialized page of a result, so repeated reads of the same page are not serialized again.</summary>
    public byte[]? Page(AttainmentKey key, string? after, int take) => _pages.GetValueOrDefault((key, after, take));

    public void RememberPage(AttainmentKey key, string? after, int take, byte[] body)
    {
        if (_pages.Count < MaxRemembered) _pages.TryAdd((key, after, take), body);
    }

    /// <summary>Whether the attainment row of <paramref name="judged"/> may differ from the one computed by <see cref="Previous"/>.</summary>
    public bool Affects(JudgedTarget judged) =>
        Changed is null
        || (ChangedUnits!.Contains(judged.Unit) && Changed.Contains((judged.Target.Indicator, judged.Unit)))
        || (judged.Target.ReferenceUnit is { } reference && Changed.Contains((judged.Target.Indicator, reference)));

    /// <summary>The value of <paramref name="unitId"/> for exactly <paramref name="period"/>, reported or derived; null when there is nothing to say.</summary>
    public UnitValue? At(string indicator, string unitId, Period period)
    {
        foreach (var value in SeriesArray(indicator, unitId))
        {
            if (value.Period == period) return value;
        }
        return null;
    }

    /// <summary>Every period for which the unit has a reported or derived entry, in period order (entries without a value included).</summary>
    public IReadOnlyList<UnitValue> Series(string indicator, string unitId) => SeriesArray(indicator, unitId);

    /// <summary>
    /// The value standing for a whole year (a baseline year): the year's own value, else for a stock the latest period
    /// of the year, for a <c>sum</c> flow the periods of the year added up (DESIGN §Periods).
    /// </summary>
    public PeriodValue? YearValue(string indicator, string unitId, int year)
    {
        var definition = Indicators[indicator];
        var values = Series(indicator, unitId).Where(v => v.Value is not null && v.Period.Year == year)
            .Select(v => new PeriodValue(v.Period, v.Value!.Value, v.Numerator, v.Denominator));
        return RollUp.YearValue(year, values, definition.Aggregation, isFlow: definition.Aggregation == Aggregation.Sum, definition.Factor, definition.PeriodBasis);
    }

    /// <summary>
    /// A flow's values as its yearly targets read them: one per year, the year's own or the one <see cref="YearValue"/>
    /// makes of its periods (added up when reported period by period, the figure at 31 December when year to date).
    /// A quarter's or nine months' figure is not the year's, so a year without a whole-year value has none.
    /// </summary>
    public IReadOnlyList<UnitValue> YearSeries(string indicator, string unitId)
    {
        var series = Series(indicator, unitId);
        return series.Select(v => v.Period.Year).Distinct()
            .Select(year => YearValue(indicator, unitId, year))
            .OfType<PeriodValue>()
            .Select(y => Array.Find(SeriesArray(indicator, unitId), v => v.Period == y.Period && v.Value is not null)
                ?? new UnitValue(y.Period, y.Value, y.Numerator, y.Denominator, ValueSource.Derived, null))
            .ToList();
    }

    /// <summary>
    /// The index of the next data version: this one with the reported values of <paramref name="changes"/> replaced
    /// (a null value removes one), and <paramref name="targets"/> when they changed. Series that none of the changed
    /// values reaches — through the unit's parents and successors, or, for a population, any weighted mean of those —
    /// are carried over as they are.
    /// </summary>
    public ValueIndex WithChanges(IReadOnlyCollection<(string Indicator, string Unit, Period Period, PeriodValue? Value)> changes,
        IReadOnlyList<Target>? targets, long watermark)
    {
        var reported = new Dictionary<(string, string), UnitValue[]>(_reported);
        var changed = new HashSet<(string, string)>();
        foreach (var byPair in changes.GroupBy(c => (c.Indicator, c.Unit)))
        {
            var values = (reported.GetValueOrDefault(byPair.Key) ?? []).ToDictionary(v => v.Period);
            foreach (var (_, _, period, value) in byPair)
            {
                if (value is null) values.Remove(period);
                else values[period] = Reported(value);
            }
            if (values.Count == 0) reported.Remove(byPair.Key);
            else reported[byPair.Key] = [.. values.Values.OrderBy(v => v.Period)];

            var indicators = byPair.Key.Indicator == Population ? Indicators.Keys : [byPair.Key.Indicator];
            foreach (var unit in Reaches(byPair.Key.Unit))
            {
                foreach (var indicator in indicators) changed.Add((indicator, unit));
            }
        }

        // A dictionary copied from a dictionary keeps its hash codes: far quicker than adding the entries one by one.
        var inherited = new Dictionary<(string, string), UnitValue[]>(_inherited);
        foreach (var (key, value) in _series) inherited[key] = value;
        foreach (var key in changed) inherited.Remove(key);
        // The previous index is kept only for its results: the one before it is of no more use.
        Previous = null;
        return new ValueIndex(Units, Indicators, reported, targets ?? Targets, _minCoveragePct, watermark, inherited, this,
            targets is null ? changed : null, targets is null ? _targetsByYear : null);
    }

    public static UnitValue Reported(PeriodValue value) =>
        new(value.Period, value.Value, value.Numerator, value.Denominator, ValueSource.Reported, null);

    /// <summary>The unit and every unit derived from it: its parent and its successor, and theirs.</summary>
    private HashSet<string> Reaches(string unitId)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { unitId };
        var queue = new Queue<string>([unitId]);
        while (queue.TryDequeue(out var id))
        {
            if (Units.Find(id) is not { } unit) continue;
            foreach (var next in new[] { unit.ParentId, unit.SuccessorId, unit.FormedFromId })
            {
                if (next is not null && reached.Add(next)) queue.Enqueue(next);
            }
        }
        return reached;
    }

    private UnitValue[] SeriesArray(string indicator, string unitId) =>
        _inherited.TryGetValue((indicator, unitId), out var inherited) ? inherited
        : _series.TryGetValue((indicator, unitId), out var known) ? known
        : _series.GetOrAdd((indicator, unitId), BuildSeries(indicator, unitId));

    private UnitValue[] BuildSeries(string indicator, string unitId)
    {
        var own = _reported.GetValueOrDefault((indicator, unitId)) ?? [];
        if (Indicators[indicator].Aggregation == Aggregation.None || !HasParts(unitId)) return own;
        return [.. CandidatePeriods(indicator, unitId, [])
            .Order()
            .Select(p => Array.Find(own, v => v.Period == p) ?? Derive(indicator, unitId, p))
            .OfType<UnitValue>()];
    }

    private bool HasParts(string unitId) => Units.Children(unitId).Any() || Units.Predecessors(unitId).Any() || Units.Territory(unitId).Any();

    private UnitValue? Derive(string indicator, string unitId, Period period)
    {
        var definition = Indicators[indicator];
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
        var derived = RollUp.Derive(definition.Aggregation, rollUpParts, definition.Factor, _minCoveragePct);
        return new UnitValue(period, derived.Value, derived.Numerator, derived.Denominator, ValueSource.Derived, derived.CoveragePct);
    }

    /// <summary>
    /// The parts a unit's value is derived from: its predecessors for a period before it existed, the units formed wholly
    /// from its territory for a period after it ended (a dissolved province followed on its former communes), else its
    /// children valid then.
    /// </summary>
    private List<UnitVersion> Parts(string unitId, Period period)
    {
        if (Units.Find(unitId) is not { } unit) return [];
        var before = unit.ValidFrom is { } from && period.End < from;
        var after = unit.ValidTo is { } to && period.End > to;
        var parts = before ? Units.Predecessors(unitId) : after ? Units.Territory(unitId) : Units.Children(unitId);
        return parts.Where(p => p.IsValidOn(period.End)).ToList();
    }

    private HashSet<Period> CandidatePeriods(string indicator, string unitId, HashSet<string> visiting)
    {
        var periods = _reported.TryGetValue((indicator, unitId), out var own) ? own.Select(v => v.Period).ToHashSet() : [];
        if (!visiting.Add(unitId) || Indicators[indicator].Aggregation == Aggregation.None) return periods;
        foreach (var part in Units.Children(unitId).Concat(Units.Predecessors(unitId)).Concat(Units.Territory(unitId)))
        {
            periods.UnionWith(_inherited.TryGetValue((indicator, part.Id), out var inherited) ? inherited.Select(v => v.Period)
                : _series.TryGetValue((indicator, part.Id), out var known) ? known.Select(v => v.Period)
                : CandidatePeriods(indicator, part.Id, visiting));
        }
        visiting.Remove(unitId);
        return periods;
    }
}

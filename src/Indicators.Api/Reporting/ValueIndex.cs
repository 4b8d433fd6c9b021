using System.Collections.Concurrent;
using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

public enum ValueSource { Reported, Derived }

/// <summary>
/// A unit's value for one period: reported, or derived from its parts. A derived entry whose parts did not cover
/// enough has no <see cref="Value"/> but still tells its <see cref="CoveragePct"/>.
/// </summary>
public sealed record UnitValue(Period Period, decimal? Value, decimal? Numerator, decimal? Denominator, ValueSource Source, decimal? CoveragePct)
{
    /// <summary>The value as a part of a roll-up.</summary>
    public RollUpPart AsPart() => new(Value, Numerator, Denominator);
}

/// <summary>What a series of the index is for: an indicator, a unit and a disaggregation (<c>""</c> the total).</summary>
public readonly record struct SeriesKey(string Indicator, string Unit, string Disaggregation);

/// <summary>
/// Every reported value and every current target of one data version, in memory, and the roll-ups derived from the
/// values (DESIGN §Roll-ups and the 2025 merger): a unit's value for a period is its reported value, else derived by
/// the indicator's aggregation from its children valid in that period, for a period before the unit existed from its
/// predecessors, or for a period after it ended from the units formed wholly from its territory. Every disaggregation
/// (DESIGN §Disaggregations) is a series of its own, keyed by its canonical key (<c>""</c> the total), rolled up the same
/// way; a total that was not reported is derived from the unit's own complete disaggregation by a category first, for
/// <c>sum</c> and <c>ratio</c> indicators. Immutable once
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

    /// <summary>Filters whose targets are worked out once per index.</summary>
    private const int MaxRemembered = 64;

    /// <summary>
    /// The rows of results kept per index, counted by rows rather than results: the country's communes are some
    /// 66,000 rows (about 30 MB), a province's report a few hundred. They die with the index.
    /// </summary>
    internal const int MaxRememberedRows = 150_000;

    /// <summary>
    /// The bytes of serialized pages kept per index: room for the first page of the country's communes (10,000 rows,
    /// about 10 MB) and many small ones; pages beyond it are serialized again for each request.
    /// </summary>
    internal const long MaxRememberedPageBytes = 16 << 20;

    private readonly ReportedValues _reported;
    private readonly decimal _minCoveragePct;
    /// <summary>The units with parts (children, predecessors or a territory): only their series are derived.</summary>
    private readonly Lazy<HashSet<string>> _withParts;
    /// <summary>
    /// Derived series carried over from the previous version (read-only), and those derived in this one. A series
    /// that is only reported is read from <see cref="_reported"/> each time: it is not kept twice.
    /// </summary>
    private readonly Dictionary<SeriesKey, UnitValue[]> _inherited;
    private readonly ConcurrentDictionary<SeriesKey, UnitValue[]> _series = new();
    /// <summary>For each indicator, the sets of disaggregations that can make up its total, single categories first (<see cref="DisaggregationRules.Completions"/>).</summary>
    private readonly ILookup<string, IReadOnlyList<string>> _completions;
    /// <summary>Every disaggregation (not the total) the reported values have: the series a change of a pair may reach besides its total.</summary>
    private readonly IReadOnlySet<string> _disaggregations;
    /// <summary>The disaggregations each indicator's reported values have, for the lists of derived values.</summary>
    private readonly Lazy<ILookup<string, string>> _disaggregationsByIndicator;
    /// <summary>The (indicator, unit) pairs with a reported disaggregation: only their totals may come from one, the others cost nothing more.</summary>
    private readonly Lazy<HashSet<(string, string)>> _split;
    private readonly JudgedTargets _judged;
    private readonly ConcurrentDictionary<AttainmentKey, AttainmentRows> _results = new();
    private readonly ConcurrentDictionary<(AttainmentKey, string? After, int Take), ArraySegment<byte>> _pages = new();
    /// <summary>Guards the sizes below, so concurrent readers cannot remember past them together.</summary>
    private readonly Lock _remembering = new();
    /// <summary>
    /// The rows of the results remembered, and the bytes of every page ever remembered: the pages <see cref="WithChanges"/>
    /// clears still count, so an index superseded by a newer version does not fill up again.
    /// </summary>
    private long _rememberedRows, _rememberedPageBytes;

    /// <param name="reported">Each unit's reported values of an indicator and disaggregation.</param>
    /// <param name="targets">The current targets, ordered by id.</param>
    /// <param name="watermark">The last audit entry this index includes; the next index reads the changes after it.</param>
    /// <param name="rules">The categories and the combinations each indicator declares.</param>
    public ValueIndex(UnitGraph units, IReadOnlyDictionary<string, Indicator> indicators,
        ReportedValues reported, IReadOnlyList<Target> targets, decimal minCoveragePct, long watermark, DisaggregationRules? rules = null)
        : this(units, indicators, reported, targets, minCoveragePct, watermark, [], null, null, null, rules ?? DisaggregationRules.None,
            reported.Keys.Select(k => k.Disaggregation).Where(d => d.Length > 0).ToHashSet(StringComparer.Ordinal),
            new(() => units.All.Select(u => u.Id).Where(id => units.Children(id).Any() || units.Predecessors(id).Any() || units.Territory(id).Any())
                .ToHashSet(StringComparer.Ordinal)))
    {
    }

    private ValueIndex(UnitGraph units, IReadOnlyDictionary<string, Indicator> indicators,
        ReportedValues reported, IReadOnlyList<Target> targets, decimal minCoveragePct, long watermark,
        Dictionary<SeriesKey, UnitValue[]> inherited, ValueIndex? previous, HashSet<(string, string)>? changed,
        JudgedTargets? judged, DisaggregationRules rules, IReadOnlySet<string> disaggregations, Lazy<HashSet<string>> withParts)
    {
        _withParts = withParts;
        _disaggregations = disaggregations;
        _split = new(() => disaggregations.Count == 0 ? []
            : reported.Keys.Where(k => k.Disaggregation.Length > 0).Select(k => (k.Indicator, k.Unit)).ToHashSet());
        _disaggregationsByIndicator = new(() => reported.Keys.Where(k => k.Disaggregation.Length > 0).Select(k => (k.Indicator, k.Disaggregation)).Distinct()
            .ToLookup(k => k.Indicator, k => k.Disaggregation, StringComparer.Ordinal));
        Units = units;
        Indicators = indicators;
        Rules = rules;
        _completions = indicators.Values
            .SelectMany(i => rules.Completions(i).Select(parts => (i.Code, Parts: parts)))
            .ToLookup(c => c.Code, c => c.Parts, StringComparer.Ordinal);
        Targets = targets;
        Watermark = watermark;
        _reported = reported;
        _minCoveragePct = minCoveragePct;
        _inherited = inherited;
        Previous = previous;
        Changed = changed;
        ChangedUnits = changed?.Select(c => c.Item2).ToHashSet(StringComparer.Ordinal);
        _judged = judged ?? new JudgedTargets(targets, units);
    }

    public UnitGraph Units { get; }

    public IReadOnlyDictionary<string, Indicator> Indicators { get; }

    /// <summary>The categories and the combinations each indicator declares.</summary>
    public DisaggregationRules Rules { get; }

    /// <summary>The disaggregations an indicator's reported values have (the total not included), in ordinal order.</summary>
    public IEnumerable<string> DisaggregationsOf(string indicator) => _disaggregationsByIndicator.Value[indicator].Order(StringComparer.Ordinal);

    /// <summary>The current targets, ordered by id.</summary>
    public IReadOnlyList<Target> Targets { get; }

    /// <summary>The id of the last audit entry included.</summary>
    public long Watermark { get; }

    /// <summary>Whether the reported values were carried over from the previous index, the changes applied, instead of read in full.</summary>
    public bool ValuesCarriedOver { get; private init; }

    /// <summary>How many reported values the index holds (a measure of its size).</summary>
    public int ReportedValueCount => _reported.Count;

    /// <summary>The index this one was made from by <see cref="WithChanges"/>, while its results are worth reusing.</summary>
    public ValueIndex? Previous { get; private set; }

    /// <summary>The (indicator, unit) series that may differ from <see cref="Previous"/>; null when the targets changed too.</summary>
    public IReadOnlySet<(string Indicator, string Unit)>? Changed { get; }

    /// <summary>The units of <see cref="Changed"/>: a quick first test.</summary>
    private IReadOnlySet<string>? ChangedUnits { get; }

    /// <summary>
    /// The targets of <paramref name="year"/> (null: every year) as judged on <paramref name="asOf"/> for the units of
    /// <paramref name="level"/> (null: every level), in <see cref="TargetCascade.Expand"/>'s order.
    /// </summary>
    public IReadOnlyList<JudgedTarget> Judged(int? year, DateOnly asOf, UnitLevel? level) => _judged.Get(year, asOf, level);

    /// <summary>Attainment results of this index, by filter (without a status: a status filters the rows of its filter).</summary>
    public IReadOnlyDictionary<AttainmentKey, AttainmentRows> Results => _results;

    /// <summary>
    /// Keeps <paramref name="rows"/> for <paramref name="key"/> while the rows kept stay within <see cref="MaxRememberedRows"/>
    /// (counted whole, computed or not; an empty result counts as one).
    /// </summary>
    /// <returns>The rows kept for the key: these, or those another reader kept first.</returns>
    public AttainmentRows Remember(AttainmentKey key, AttainmentRows rows)
    {
        var weight = Math.Max(rows.Count, 1);
        lock (_remembering)
        {
            if (_results.TryGetValue(key, out var kept)) return kept;
            if (_rememberedRows + weight <= MaxRememberedRows && _results.TryAdd(key, rows)) _rememberedRows += weight;
            return rows;
        }
    }

    /// <summary>A serialized page of a result, so repeated reads of the same page are not serialized again.</summary>
    public ArraySegment<byte>? Page(AttainmentKey key, string? after, int take) => _pages.TryGetValue((key, after, take), out var body) ? body : (ArraySegment<byte>?)null;

    /// <summary>Whether a page of about <paramref name="bytes"/> would still be kept by <see cref="RememberPage"/>.</summary>
    public bool HasRoomForPage(long bytes)
    {
        lock (_remembering) return _rememberedPageBytes + bytes <= MaxRememberedPageBytes;
    }

    /// <summary>
    /// Keeps a serialized page while the bytes of the pages ever kept by this index stay within <see cref="MaxRememberedPageBytes"/>;
    /// a page counts as its whole array, the part it does not use included.
    /// </summary>
    public void RememberPage(AttainmentKey key, string? after, int take, ArraySegment<byte> body)
    {
        var weight = body.Array!.Length;
        lock (_remembering)
        {
            if (_rememberedPageBytes + weight <= MaxRememberedPageBytes && _pages.TryAdd((key, after, take), body)) _rememberedPageBytes += weight;
        }
    }

    /// <summary>Whether the attainment row of <paramref name="judged"/> may differ from the one computed by <see cref="Previous"/>.</summary>
    public bool Affects(JudgedTarget judged) =>
        Changed is null
        || (ChangedUnits!.Contains(judged.Unit) && Changed.Contains((judged.Target.Indicator, judged.Unit)))
        || (judged.Target.ReferenceUnit is { } reference && Changed.Contains((judged.Target.Indicator, reference)));

    /// <summary>The value of <paramref name="unitId"/> for exactly <paramref name="period"/>, reported or derived; null when there is nothing to say.</summary>
    public UnitValue? At(string indicator, string unitId, Period period, string disaggregation = "")
    {
        var key = new SeriesKey(indicator, unitId, disaggregation);
        if (!IsDerived(key)) return _reported.At(key, period);
        foreach (var value in SeriesArray(key))
        {
            if (value.Period == period) return value;
        }
        return null;
    }

    /// <summary>Every period for which the unit has a reported or derived entry, in period order (entries without a value included).</summary>
    public IReadOnlyList<UnitValue> Series(string indicator, string unitId, string disaggregation = "") => SeriesArray(new(indicator, unitId, disaggregation));

    /// <summary>
    /// The value standing for a whole year (a baseline year): the year's own value, else for a stock the latest period
    /// of the year, for a <c>sum</c> flow the periods of the year added up (DESIGN §Periods).
    /// </summary>
    public PeriodValue? YearValue(string indicator, string unitId, int year, string disaggregation = "") =>
        YearValueOf(Indicators[indicator], SeriesArray(new(indicator, unitId, disaggregation)), year);

    private static PeriodValue? YearValueOf(Indicator definition, UnitValue[] series, int year)
    {
        var values = series.Where(v => v.Value is not null && v.Period.Year == year)
            .Select(v => new PeriodValue(v.Period, v.Value!.Value, v.Numerator, v.Denominator));
        return RollUp.YearValue(year, values, definition.Aggregation, isFlow: definition.Aggregation == Aggregation.Sum, definition.Factor, definition.PeriodBasis);
    }

    /// <summary>
    /// A flow's values as its yearly targets read them: one per year, the year's own or the one <see cref="YearValue"/>
    /// makes of its periods (added up when reported period by period, the figure at 31 December when year to date).
    /// A quarter's or nine months' figure is not the year's, so a year without a whole-year value has none.
    /// </summary>
    public IReadOnlyList<UnitValue> YearSeries(string indicator, string unitId, string disaggregation = "")
    {
        var definition = Indicators[indicator];
        var series = SeriesArray(new(indicator, unitId, disaggregation));
        return series.Select(v => v.Period.Year).Distinct()
            .Select(year => YearValueOf(definition, series, year))
            .OfType<PeriodValue>()
            .Select(y => Array.Find(series, v => v.Period == y.Period && v.Value is not null)
                ?? new UnitValue(y.Period, y.Value, y.Numerator, y.Denominator, ValueSource.Derived, null))
            .ToList();
    }

    /// <summary>
    /// The index of the next data version: this one with the reported values of <paramref name="changes"/> replaced
    /// (a null value removes one), and <paramref name="targets"/> when they changed. Series that none of the changed
    /// values reaches — through the unit's parents and successors, or, for a population, any weighted mean of those —
    /// are carried over as they are.
    /// </summary>
    public ValueIndex WithChanges(IReadOnlyCollection<(string Indicator, string Unit, string Disaggregation, Period Period, PeriodValue? Value)> changes,
        IReadOnlyList<Target>? targets, long watermark)
    {
        var reported = _reported.With(Keyed(changes));
        var changed = new HashSet<(string, string)>();
        foreach (var (indicator, unit) in changes.Select(c => (c.Indicator, c.Unit)).Distinct())
        {
            var indicators = indicator == Population ? Indicators.Keys : [indicator];
            foreach (var reached in Reaches(unit))
            {
                foreach (var each in indicators) changed.Add((each, reached));
            }
        }

        // A dictionary copied from a dictionary keeps its hash codes: far quicker than adding the entries one by one.
        var inherited = new Dictionary<SeriesKey, UnitValue[]>(_inherited);
        foreach (var (key, value) in _series) inherited[key] = value;
        // A change of one disaggregation may change the derived total and its roll-ups: every series of a changed pair goes.
        var disaggregations = changes.Any(c => c.Disaggregation.Length > 0)
            ? _disaggregations.Concat(changes.Select(c => c.Disaggregation).Where(d => d.Length > 0)).ToHashSet(StringComparer.Ordinal)
            : _disaggregations;
        foreach (var (indicator, unit) in changed)
        {
            inherited.Remove(new(indicator, unit, Disaggregation.Total));
            foreach (var disaggregation in disaggregations) inherited.Remove(new(indicator, unit, disaggregation));
        }
        // The previous index is kept only for its results: the one before it is of no more use, nor are its pages (a
        // reader still on this version serializes its page again).
        Previous = null;
        _pages.Clear();
        return new ValueIndex(Units, Indicators, reported, targets ?? Targets, _minCoveragePct, watermark, inherited, this,
            targets is null ? changed : null, targets is null ? _judged : null, Rules, disaggregations, _withParts) { ValuesCarriedOver = true };
    }

    /// <summary>
    /// The index of the next data version after a change of the catalog, the units or the categories: this one's reported
    /// values with <paramref name="changes"/> applied (as <see cref="WithChanges"/>), under the new definitions. The values
    /// stored do not depend on them, but any roll-up, judged target or result may (an aggregation, a factor, a parent, a
    /// category's options), so nothing derived is carried over.
    /// </summary>
    public ValueIndex WithDefinitions(UnitGraph units, IReadOnlyDictionary<string, Indicator> indicators, DisaggregationRules rules,
        IReadOnlyCollection<(string Indicator, string Unit, string Disaggregation, Period Period, PeriodValue? Value)> changes,
        IReadOnlyList<Target>? targets, long watermark)
    {
        var reported = changes.Count == 0 ? _reported : _reported.With(Keyed(changes));
        Previous = null;
        _pages.Clear();
        return new ValueIndex(units, indicators, reported, targets ?? Targets, _minCoveragePct, watermark, rules) { ValuesCarriedOver = true };
    }

    private static IEnumerable<(SeriesKey, Period, PeriodValue?)> Keyed(
        IEnumerable<(string Indicator, string Unit, string Disaggregation, Period Period, PeriodValue? Value)> changes) =>
        changes.Select(c => (new SeriesKey(c.Indicator, c.Unit, c.Disaggregation), c.Period, c.Value));

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

    private UnitValue[] SeriesArray(SeriesKey key) =>
        !IsDerived(key) ? _reported.Series(key)
        : _inherited.TryGetValue(key, out var inherited) ? inherited
        : _series.TryGetValue(key, out var known) ? known
        : _series.GetOrAdd(key, BuildSeries(key));

    /// <summary>Whether the series may have values it did not report: from its parts, or a total from its disaggregations.</summary>
    private bool IsDerived(SeriesKey key) =>
        Indicators[key.Indicator].Aggregation != Aggregation.None && (HasParts(key.Unit) || CompletionsOf(key).Any());

    private UnitValue[] BuildSeries(SeriesKey key)
    {
        var completions = CompletionsOf(key);
        var hasParts = HasParts(key.Unit);
        var periods = new HashSet<Period>();
        AddCandidatePeriods(key, periods, []);
        // One list of parts, and one look-up of each part's series, for every period of the series.
        var parts = new List<RollUpPart>();
        var sources = new PartSources();
        return [.. periods
            .Order()
            .Select(p => _reported.At(key, p) ?? FromDisaggregation(key, completions, p, parts) ?? (hasParts ? Derive(key, p, parts, sources) : null))
            .OfType<UnitValue>()];
    }

    /// <summary>The splits that may make up the total of <paramref name="key"/>: none for a disaggregation, or a pair that reported none.</summary>
    private IEnumerable<IReadOnlyList<string>> CompletionsOf(SeriesKey key) =>
        key.Disaggregation.Length == 0 && _split.Value.Contains((key.Indicator, key.Unit)) ? _completions[key.Indicator] : [];

    /// <summary>
    /// A total from the unit's own reported values of every option of a category (the men and the women), when it did not
    /// report the total: a sum of the options, or Σ numerators / Σ denominators. Null when no category is complete.
    /// </summary>
    private UnitValue? FromDisaggregation(SeriesKey key, IEnumerable<IReadOnlyList<string>> completions, Period period, List<RollUpPart> parts)
    {
        var definition = Indicators[key.Indicator];
        foreach (var options in completions)
        {
            parts.Clear();
            foreach (var option in options)
            {
                if (_reported.Part(key with { Disaggregation = option }, period) is not { } part) break;
                parts.Add(part);
            }
            if (parts.Count < options.Count) continue;
            var derived = RollUp.Derive(definition.Aggregation, parts, definition.Factor);
            if (derived.Value is not null) return new UnitValue(period, derived.Value, derived.Numerator, derived.Denominator, ValueSource.Derived, derived.CoveragePct);
        }
        return null;
    }

    private bool HasParts(string unitId) => _withParts.Value.Contains(unitId);

    /// <param name="parts">A list to collect the parts in, cleared first.</param>
    /// <param name="sources">The parts' series of <paramref name="key"/>'s roll-ups, found so far.</param>
    private UnitValue? Derive(SeriesKey key, Period period, List<RollUpPart> parts, PartSources sources)
    {
        var definition = Indicators[key.Indicator];
        var weighted = definition.Aggregation == Aggregation.WeightedMean;
        var anyValue = false;
        parts.Clear();
        var units = Parts(key.Unit, period);
        var (values, populations) = sources.Of(units, weighted);
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            if (!unit.IsValidOn(period.End)) continue;
            var part = (values[i] ??= PartSource(key with { Unit = unit.Id })).At(period) ?? default;
            if (weighted && part.Value is not null)
            {
                part = part with { Population = (populations[i] ??= PartSource(new(Population, unit.Id, Disaggregation.Total))).At(Period.ForYear(period.Year))?.Value };
            }
            anyValue |= part.Value is not null;
            parts.Add(part);
        }
        if (!anyValue) return null;
        var derived = RollUp.Derive(definition.Aggregation, parts, definition.Factor, _minCoveragePct);
        return new UnitValue(period, derived.Value, derived.Numerator, derived.Denominator, ValueSource.Derived, derived.CoveragePct);
    }

    /// <summary>A part's series for a roll-up: reported (read without making an object of a value), or derived.</summary>
    private PartSeries PartSource(SeriesKey key) => IsDerived(key) ? new(default, SeriesArray(key)) : new(_reported.Find(key), null);

    /// <summary>A part's series, found once for every period of the series that rolls it up.</summary>
    private readonly record struct PartSeries(ReportedValues.Found Reported, UnitValue[]? Derived)
    {
        /// <summary>The value for exactly <paramref name="period"/> as a part of a roll-up.</summary>
        public RollUpPart? At(Period period)
        {
            if (Derived is null) return Reported.Part(period);
            foreach (var value in Derived)
            {
                if (value.Period == period) return value.AsPart();
            }
            return null;
        }
    }

    /// <summary>
    /// The series of a unit's parts, each found when a period first needs it and kept for the series' other periods:
    /// a province's roll-up of its hundred communes over eight quarters finds each commune's series once, not eight times.
    /// A unit has at most three lists of parts (<see cref="Parts"/>), told apart by reference.
    /// </summary>
    private sealed class PartSources
    {
        private readonly List<(IReadOnlyList<UnitVersion> Units, PartSeries?[] Values, PartSeries?[] Populations)> _lists = new(3);

        /// <param name="weighted">Whether the parts are weighted by their population, whose series are kept too.</param>
        public (PartSeries?[] Values, PartSeries?[] Populations) Of(IReadOnlyList<UnitVersion> units, bool weighted)
        {
            foreach (var known in _lists)
            {
                if (ReferenceEquals(known.Units, units)) return (known.Values, known.Populations);
            }
            var found = (Values: new PartSeries?[units.Count], Populations: weighted ? new PartSeries?[units.Count] : []);
            _lists.Add((units, found.Values, found.Populations));
            return found;
        }
    }

    /// <summary>
    /// The units a unit's value may be derived from, of which those valid in the period are its parts: its predecessors
    /// for a period before it existed, the units formed wholly from its territory for a period after it ended (a dissolved
    /// province followed on its former communes), else its children.
    /// </summary>
    private IReadOnlyList<UnitVersion> Parts(string unitId, Period period)
    {
        if (Units.Find(unitId) is not { } unit) return [];
        var before = unit.ValidFrom is { } from && period.End < from;
        var after = unit.ValidTo is { } to && period.End > to;
        return before ? Units.Predecessors(unitId) : after ? Units.Territory(unitId) : Units.Children(unitId);
    }

    /// <summary>Adds the periods the series may have an entry for: its own, its splits' and, through its parts, theirs.</summary>
    private void AddCandidatePeriods(SeriesKey key, HashSet<Period> periods, HashSet<string> visiting)
    {
        _reported.AddPeriods(key, periods);
        foreach (var completion in CompletionsOf(key)) _reported.AddPeriods(key with { Disaggregation = completion[0] }, periods);
        if (!HasParts(key.Unit) || Indicators[key.Indicator].Aggregation == Aggregation.None || !visiting.Add(key.Unit)) return;
        foreach (var part in Units.Children(key.Unit).Concat(Units.Predecessors(key.Unit)).Concat(Units.Territory(key.Unit)))
        {
            var partKey = key with { Unit = part.Id };
            if (_inherited.TryGetValue(partKey, out var known) || _series.TryGetValue(partKey, out known))
            {
                foreach (var value in known) periods.Add(value.Period);
            }
            else AddCandidatePeriods(partKey, periods, visiting);
        }
        visiting.Remove(key.Unit);
    }

    /// <summary>
    /// Which units each target is judged for, worked out once per year, day and level: the cascade walks every target
    /// and the units below it, which would otherwise be most of a report's time after a write. It depends on the
    /// targets and the units alone, so the indexes of later data versions share it while the targets stay the same.
    /// </summary>
    private sealed class JudgedTargets(IReadOnlyList<Target> targets, UnitGraph units)
    {
        private readonly Lazy<ILookup<int, Target>> _byYear = new(() => targets.ToLookup(t => t.Year));
        private readonly ConcurrentDictionary<(int? Year, DateOnly AsOf, UnitLevel? Level), IReadOnlyList<JudgedTarget>> _judged = new();

        public IReadOnlyList<JudgedTarget> Get(int? year, DateOnly asOf, UnitLevel? level)
        {
            if (_judged.TryGetValue((year, asOf, level), out var known)) return known;
            var candidates = year is { } y ? _byYear.Value[y].ToList() : targets;
            var judged = TargetCascade.Expand(candidates, units, targetYear => Domain.Attainment.Cutoff(asOf, targetYear))
                .Where(j => level is null || units.Find(j.Unit)?.Level == level)
                .ToList();
            if (_judged.Count < MaxRemembered) _judged.TryAdd((year, asOf, level), judged);
            return judged;
        }
    }
}

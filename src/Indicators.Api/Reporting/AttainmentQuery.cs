using Indicators.Api.Storage;
using Indicators.Api.Storage.Providers;
using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>The filters every attainment report shares; <paramref name="Disaggregation"/> is a canonical key (<c>""</c>: the totals), null for every one.</summary>
public sealed record AttainmentFilter(int? Year, string? Indicator, string? Unit, string? Level, string? Status, DateOnly? AsOf, string? Disaggregation = null);

/// <summary>A filter as asked, and the date it was judged at (asOf, or the day it was asked): what a result is remembered by.</summary>
public sealed record AttainmentKey(AttainmentFilter Filter, DateOnly AsOf);

/// <summary>
/// Runs the attainment of the targets matching a filter; shared by the attainment table and the reports.
/// Results live with the value index of the data version they were computed from, so BI tools polling the same
/// table are answered from memory until the next write; after a write, the rows the write cannot reach are taken
/// from the previous version's result and only the others are computed again.
/// </summary>
public sealed class AttainmentQuery(Database database, ValueIndexCache cache, TimeProvider clock)
{
    /// <summary>
    /// From this many rows to compute, every core works on them: a province's row may roll up thousands of communes
    /// (its 705 rows take about 0.3 s on one core after a full load).
    /// </summary>
    private const int ParallelFrom = 256;

    // The filters behave as the database would.
    private readonly StringComparer _text = database.Provider.Text;

    /// <summary>The current index and the key a filter's result is remembered by in it.</summary>
    public async Task<(ValueIndex Index, AttainmentKey Key)> KeyAsync(AttainmentFilter filter, CancellationToken ct)
    {
        var (index, _) = await cache.GetAsync(ct);
        return (index, new AttainmentKey(filter, filter.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }

    /// <returns>
    /// The rows: every target for its own unit by target id, then the targets inherited by units below (by target id and
    /// unit id); or the error of a filter keyed by its name.
    /// </returns>
    public async Task<(IReadOnlyList<AttainmentRow> Rows, KeyValuePair<string, string>? Error)> RunAsync(AttainmentFilter filter, CancellationToken ct)
    {
        var (index, key) = await KeyAsync(filter, ct);
        var (rows, error) = index.Results.TryGetValue(key, out var cached) ? (cached, null) : Compute(filter, index, key);
        return error is null ? (await ExplainAsync(rows, key.AsOf, ct), null) : (rows, error);
    }

    /// <summary>
    /// The rows with the explanation each shows. Explanations change no value, so they are not in the index and its
    /// remembered results: they are read for each answer (a short table), and only the rows that have one are copied.
    /// </summary>
    private async Task<IReadOnlyList<AttainmentRow>> ExplainAsync(IReadOnlyList<AttainmentRow> rows, DateOnly asOf, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var explanations = (await ExplanationStore.AllAsync(connection, ct)).ToLookup(e => (e.Definition.TargetId, e.Definition.Unit));
        if (explanations.Count == 0) return rows;
        return rows.Select(r => Explanations.Current(explanations[(r.TargetId, r.Unit)], r.Year, asOf) is { } e
            ? r with { Explanation = AttainmentExplanation.From(e) } : r).ToList();
    }

    private (IReadOnlyList<AttainmentRow> Rows, KeyValuePair<string, string>? Error) Compute(AttainmentFilter filter, ValueIndex index, AttainmentKey key)
    {
        string? unit = null;
        if (!string.IsNullOrEmpty(filter.Unit))
        {
            var resolved = index.Units.ResolveForRead(filter.Unit, filter.AsOf, key.AsOf);
            if (resolved.Unit is null) return ([], new("unit", resolved.Error!));
            unit = resolved.Unit.Id;
        }
        var level = filter.Level is null ? (UnitLevel?)null : EnumText.Parse<UnitLevel>(filter.Level);
        var status = filter.Status is null ? (AttainmentStatus?)null : EnumText.Parse<AttainmentStatus>(filter.Status);
        // Filtering by indicator and disaggregation after the cascade is the same as before it: a target cascades
        // only over units without a target of its own indicator, year and disaggregation.
        var judged = index.Judged(filter.Year, key.AsOf, level)
            .Where(j => (filter.Indicator is null || _text.Equals(j.Target.Indicator, filter.Indicator))
                && (filter.Disaggregation is null || j.Target.Disaggregation == filter.Disaggregation)
                && (unit is null || _text.Equals(j.Unit, unit)))
            .ToList();

        // Rows of the previous version that this version's changes cannot reach are still right. With the same
        // targets (Changed is set only then) and no status filter, the previous result has one row per judged target, in order.
        IReadOnlyList<AttainmentRow>? before = null;
        if (status is null && index.Changed is not null && index.Previous?.Results.GetValueOrDefault(key) is { } previous && previous.Count == judged.Count)
        {
            before = previous;
        }
        AttainmentRow Row(JudgedTarget j, int i) =>
            before is not null && before[i].TargetId == j.Target.Id && before[i].Unit == j.Unit && !index.Affects(j)
                ? before[i] : AttainmentEngine.Evaluate(j, index, key.AsOf);
        var computed = judged.Count >= ParallelFrom && (before is null || judged.Count(index.Affects) >= ParallelFrom)
            ? judged.AsParallel().AsOrdered().Select(Row).ToList()
            : judged.Select(Row).ToList();
        var rows = computed.Where(r => status is null || r.Status == status).ToList();
        index.Remember(key, rows);
        return (rows, null);
    }
}

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
/// from the previous version's result and only the others are computed again. A row is computed when a page or a
/// report first reads it.
/// </summary>
public sealed class AttainmentQuery(Database database, ValueIndexCache cache, TimeProvider clock)
{
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
        var (rows, asOf, error) = await RowsAsync(filter, ct);
        if (error is not null) return ([], error);
        return (await ExplainAsync(WithStatus(rows!.All(), filter), asOf, ct), null);
    }

    /// <returns>
    /// Up to <paramref name="count"/> rows of <see cref="RunAsync"/> from the first whose <see cref="AttainmentRows.Key(AttainmentRow)"/>
    /// sorts after <paramref name="after"/>; without a status filter only these rows are computed.
    /// </returns>
    public async Task<(IReadOnlyList<AttainmentRow> Rows, KeyValuePair<string, string>? Error)> PageAsync(AttainmentFilter filter, string? after, int count,
        CancellationToken ct)
    {
        var (rows, asOf, error) = await RowsAsync(filter, ct);
        if (error is not null) return ([], error);
        var page = filter.Status is null
            ? rows!.After(after, count)
            : WithStatus(rows!.All(), filter).Where(r => after is null || string.CompareOrdinal(AttainmentRows.Key(r), after) > 0).Take(count).ToList();
        return (await ExplainAsync(page, asOf, ct), null);
    }

    private static IReadOnlyList<AttainmentRow> WithStatus(IReadOnlyList<AttainmentRow> rows, AttainmentFilter filter)
    {
        if (filter.Status is null) return rows;
        var status = EnumText.Parse<AttainmentStatus>(filter.Status);
        return rows.Where(r => r.Status == status).ToList();
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

    /// <summary>The rows of a filter's targets, whatever their status, as remembered by the current index or anew.</summary>
    private async Task<(AttainmentRows? Rows, DateOnly AsOf, KeyValuePair<string, string>? Error)> RowsAsync(AttainmentFilter filter, CancellationToken ct)
    {
        var (index, key) = await KeyAsync(filter with { Status = null }, ct);
        if (index.Results.TryGetValue(key, out var known)) return (known, key.AsOf, null);
        string? unit = null;
        if (!string.IsNullOrEmpty(filter.Unit))
        {
            var resolved = index.Units.ResolveForRead(filter.Unit, filter.AsOf, key.AsOf);
            if (resolved.Unit is null) return (null, key.AsOf, new("unit", resolved.Error!));
            unit = resolved.Unit.Id;
        }
        var level = filter.Level is null ? (UnitLevel?)null : EnumText.Parse<UnitLevel>(filter.Level);
        // Filtering by indicator and disaggregation after the cascade is the same as before it: a target cascades
        // only over units without a target of its own indicator, year and disaggregation.
        var judged = index.Judged(filter.Year, key.AsOf, level)
            .Where(j => (filter.Indicator is null || _text.Equals(j.Target.Indicator, filter.Indicator))
                && (filter.Disaggregation is null || j.Target.Disaggregation == filter.Disaggregation)
                && (unit is null || _text.Equals(j.Unit, unit)))
            .ToList();
        // Rows of the previous version that this version's changes cannot reach are still right (Changed is set only
        // when the targets are the same, so the previous result has a row for each judged target, in order).
        var before = index.Changed is not null ? index.Previous?.Results.GetValueOrDefault(key) : null;
        var rows = new AttainmentRows(judged, j => AttainmentEngine.Evaluate(j, index, key.AsOf), before, index.Affects);
        return (index.Remember(key, rows), key.AsOf, null);
    }
}

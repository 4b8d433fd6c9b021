using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Features.Targets;

namespace Indicators.Api.Features.Attainment;

/// <summary>The filters every attainment report shares.</summary>
public sealed record AttainmentFilter(int? Year, string? Indicator, string? Unit, string? Level, string? Status, DateOnly? AsOf);

/// <summary>
/// Runs the attainment of the targets matching a filter; shared by the attainment table and the reports.
/// Results live with the value index of the data version they were computed from, so BI tools polling the same
/// table are answered from memory until the next write.
/// </summary>
public sealed class AttainmentQuery(Database database, ValueIndexCache cache, TimeProvider clock)
{
    /// <returns>The rows ordered by target id, or the error of a filter keyed by its name.</returns>
    public async Task<(IReadOnlyList<AttainmentRow> Rows, KeyValuePair<string, string>? Error)> RunAsync(AttainmentFilter filter, CancellationToken ct)
    {
        var (index, _) = await cache.GetAsync(ct);
        var asOf = filter.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var key = filter with { AsOf = asOf };
        if (index.Results.TryGetValue(key, out var cached)) return (cached, null);
        string? unit = null;
        if (!string.IsNullOrEmpty(filter.Unit))
        {
            var resolved = index.Units.ResolveForRead(filter.Unit, filter.AsOf, asOf);
            if (resolved.Unit is null) return ([], new("unit", resolved.Error!));
            unit = resolved.Unit.Id;
        }
        IReadOnlyList<TargetResponse> targets;
        await using (var connection = await database.OpenAsync(ct))
        {
            targets = await TargetData.CurrentAsync(connection, filter.Indicator, unit, filter.Year, ct);
        }
        var level = filter.Level is null ? (UnitLevel?)null : EnumText.Parse<UnitLevel>(filter.Level);
        var status = filter.Status is null ? (AttainmentStatus?)null : EnumText.Parse<AttainmentStatus>(filter.Status);
        var rows = targets
            .Where(t => level is null || index.Units.Find(t.Unit)?.Level == level)
            .Select(t => AttainmentEngine.Evaluate(t, index, asOf))
            .Where(r => status is null || r.Status == status)
            .ToList();
        index.Remember(key, rows);
        return (rows, null);
    }
}

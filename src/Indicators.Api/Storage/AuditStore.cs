using Indicators.Api.Storage.Providers;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>One entry of the audit trail.</summary>
public sealed record AuditEntry(
    AuditEntity Entity,
    string EntityKey,
    string Action,
    object? OldData = null,
    object? NewData = null,
    string? Reason = null,
    string? IndicatorCode = null,
    string? UnitId = null,
    string? Period = null,
    decimal? OldValue = null,
    decimal? NewValue = null,
    string? Disaggregation = null);

/// <summary>
/// Every write goes through here inside its transaction: the change is appended to the audit trail and the
/// data version is bumped, so nothing changes without a trace and cached reads know they are stale.
/// </summary>
public static class AuditStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Columns =
        ["at", "actor", "entity", "entity_key", "action", "indicator_code", "unit_id", "period", "old_value", "new_value", "old_data", "new_data", "reason", "disaggregation"];

    public static async Task RecordAsync(WriteSession session, IEnumerable<AuditEntry> entries, CancellationToken ct = default)
    {
        var batch = new RowBatch(session);
        await RecordAsync(batch, entries, ct);
        await batch.FlushAsync(ct);
    }

    /// <summary>Adds the entries, stamped with the batch's session, and the bump of the data version to <paramref name="batch"/>, which its caller flushes.</summary>
    internal static async Task RecordAsync(RowBatch batch, IEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        var (at, actor) = (batch.Session.At, batch.Session.Actor);
        var rows = entries.Select(e => new object?[]
        {
            at, actor, EnumText.Of(e.Entity), e.EntityKey, e.Action, e.IndicatorCode, e.UnitId, e.Period, e.OldValue, e.NewValue,
            e.OldData is null ? null : JsonSerializer.Serialize(e.OldData, Json),
            e.NewData is null ? null : JsonSerializer.Serialize(e.NewData, Json),
            e.Reason,
            e.Disaggregation,
        }).ToList();
        if (rows.Count == 0) return;
        StorageTelemetry.ValuesAudited(rows.Count(r => (string)r[2]! == "value"));
        await batch.InsertAsync("audit_log", Columns, rows, ct);
        batch.Add("UPDATE data_version SET version = version + 1 WHERE id = 1");
    }

    public static Task RecordAsync(WriteSession session, AuditEntry entry, CancellationToken ct = default) =>
        RecordAsync(session, [entry], ct);

    /// <summary>The last audit id after <paramref name="after"/> (or <paramref name="after"/> itself), and whether any entry since was of <paramref name="entity"/>.</summary>
    public static async Task<(long Last, bool Changed)> ChangedSinceAsync(DbConnection connection, AuditEntity entity, long after, CancellationToken ct = default)
    {
        var (last, lastOfEntity) = await connection.QuerySingleAsync<(long? Last, long? LastOfEntity)>(new CommandDefinition(
            "SELECT MAX(id), MAX(CASE WHEN entity = @entity THEN id END) FROM audit_log WHERE id > @after",
            new { entity = EnumText.Of(entity), after }, cancellationToken: ct));
        return (last ?? after, lastOfEntity is not null);
    }

    public static async Task<long> CurrentVersionAsync(DbConnection connection, CancellationToken ct = default)
    {
        var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM data_version WHERE id = 1", cancellationToken: ct));
        StorageTelemetry.DataVersionRead(version);
        return version;
    }

    /// <summary>The changes of values and of submission statuses, in id order after <paramref name="afterId"/>, filtered as given.</summary>
    public static async Task<IReadOnlyList<AuditedChange>> ValueChangesAsync(DbConnection connection, IDbProvider provider,
        string? indicator, string? unitId, string? period, long afterId, int take, CancellationToken ct, string? disaggregation = null)
    {
        // Only the filters given go into the WHERE clause (as fixed text; the values stay parameters): a
        // "@x IS NULL OR column = @x" would keep SQLite from using ix_audit_value or ix_audit_unit on a trail of
        // millions of rows. The entity test is an expression on purpose, so that no planner walks ix_audit_entity
        // (every value change is in it) instead of the id order or the index of a filter.
        var where = new List<string> { "CASE WHEN entity IN ('value', 'submission') THEN 1 ELSE 0 END = 1", "id > @afterId" };
        if (indicator is not null) where.Add("indicator_code = @indicator");
        if (unitId is not null) where.Add("unit_id = @unitId");
        if (period is not null) where.Add("period = @period");
        // Entries written before disaggregations have none: they are of totals.
        if (disaggregation is not null) where.Add(disaggregation.Length == 0 ? "(disaggregation IS NULL OR disaggregation = '')" : "disaggregation = @disaggregation");
        return (await connection.QueryAsync<AuditedChange>(new CommandDefinition(
            $"""
            SELECT id, at, actor, entity, action, indicator_code AS indicator, unit_id AS unit, period, disaggregation, old_value, new_value, reason
            FROM audit_log
            WHERE {string.Join(" AND ", where)}
            ORDER BY id
            {provider.LimitClause}
            """, new { indicator, unitId, period, disaggregation, afterId, take = take + 1 }, cancellationToken: ct))).ToList();
    }
}

using Indicators.Api.Storage.Providers;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>One entry of the audit trail; with <see cref="Changes"/> (never empty) a value batch that stands for one entry per change.</summary>
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
    string? Disaggregation = null,
    EncodedValueChanges? Changes = null);

/// <summary>The changes of a value batch in their stored form (<see cref="ValueChanges"/>), encoded where the entry is made.</summary>
public sealed record EncodedValueChanges(int Count, string Text)
{
    public static EncodedValueChanges Of(IReadOnlyList<AuditedValueChange> changes) => new(changes.Count, ValueChanges.Encode(changes));
}

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
        var list = entries as IReadOnlyList<AuditEntry> ?? entries.ToList();
        if (list.Count == 0) return;
        StorageTelemetry.ValuesAudited(list.Sum(e => e.Changes?.Count ?? (e.Entity == AuditEntity.Value ? 1 : 0)));
        if (list.Any(e => e.Changes is not null)) await RecordWithIdsAsync(batch, list, ct);
        else await batch.InsertAsync("audit_log", Columns, list.Select(e => Row(e, batch.Session)).ToList(), ct);
        batch.Add("UPDATE data_version SET version = version + 1 WHERE id = 1");
    }

    /// <summary>
    /// Entries with value batches: a batch of n changes takes n ids, first_id to id, so each change keeps an id of its
    /// own in the trail's order. The ids are set aside in one query and the rows inserted with them, in the order given.
    /// </summary>
    private static async Task RecordWithIdsAsync(RowBatch batch, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        // The rows gathered so far take their ids first.
        await batch.FlushAsync(ct);
        var session = batch.Session;
        var id = await session.Connection.ExecuteScalarAsync<long>(new CommandDefinition(session.Provider.ReserveAuditIds,
            new { count = (long)entries.Sum(e => e.Changes?.Count ?? 1) }, session.Transaction, cancellationToken: ct));
        var rows = new List<object?[]>(entries.Count);
        foreach (var entry in entries)
        {
            var first = id + 1;
            id += entry.Changes?.Count ?? 1;
            rows.Add([id, entry.Changes is null ? null : first, entry.Changes?.Text, .. Row(entry, session)]);
        }
        var around = session.Provider.ExplicitIds("audit_log");
        if (around is { Before: var before }) batch.Add(before);
        await batch.InsertAsync("audit_log", ["id", "first_id", "changes", .. Columns], rows, ct);
        if (around is { After: var after }) batch.Add(after);
    }

    private static object?[] Row(AuditEntry e, WriteSession session) =>
    [
        session.At, session.Actor, EnumText.Of(e.Entity), e.EntityKey, e.Action, e.IndicatorCode, e.UnitId, e.Period, e.OldValue, e.NewValue,
        e.OldData is null ? null : JsonSerializer.Serialize(e.OldData, Json),
        e.NewData is null ? null : JsonSerializer.Serialize(e.NewData, Json),
        e.Reason,
        e.Disaggregation,
    ];

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

    /// <summary>
    /// The changes of values and of submission statuses, in id order after <paramref name="afterId"/>, filtered as given,
    /// at most <paramref name="take"/> + 1 of them (so a caller knows whether more follow). Value batches are expanded
    /// into one change per value, each with its own id.
    /// </summary>
    public static async Task<IReadOnlyList<AuditedChange>> ValueChangesAsync(DbConnection connection, IDbProvider provider,
        string? indicator, string? unitId, string? period, long afterId, int take, CancellationToken ct, string? disaggregation = null)
    {
        // Only the filters given go into the WHERE clause (as fixed text; the values stay parameters): a
        // "@x IS NULL OR column = @x" would keep SQLite from using ix_audit_value or ix_audit_unit on a trail of
        // millions of rows. The entity test is an expression on purpose, so that no planner walks ix_audit_entity
        // (every value change is in it) instead of the id order or the index of a filter. A value batch names its unit
        // and period; its indicators and disaggregations are tested once it is expanded.
        var where = new List<string> { "CASE WHEN entity IN ('value', 'submission', 'valueBatch') THEN 1 ELSE 0 END = 1", "id > @afterId" };
        if (indicator is not null) where.Add("(indicator_code = @indicator OR first_id IS NOT NULL)");
        if (unitId is not null) where.Add("unit_id = @unitId");
        if (period is not null) where.Add("period = @period");
        // Entries written before disaggregations have none: they are of totals.
        if (disaggregation is not null)
            where.Add(disaggregation.Length == 0 ? "(disaggregation IS NULL OR disaggregation = '' OR first_id IS NOT NULL)" : "(disaggregation = @disaggregation OR first_id IS NOT NULL)");
        var sql =
            $"""
            SELECT id, at, actor, entity, action, indicator_code AS indicator, unit_id AS unit, period, disaggregation, old_value, new_value, reason,
                first_id AS firstId, changes, CASE WHEN entity = 'submission' THEN new_data END AS submissionData
            FROM audit_log
            WHERE {string.Join(" AND ", where)}
            ORDER BY id
            {provider.LimitClause}
            """;
        var found = new List<AuditedChange>();
        var after = afterId;
        while (true)
        {
            var rows = (await connection.QueryAsync<TrailRow>(new CommandDefinition(sql,
                new { indicator, unitId, period, disaggregation, afterId = after, take = take + 1 }, cancellationToken: ct))).ToList();
            foreach (var row in rows)
            {
                found.AddRange(row.Changes is null ? [row.Change()] : row.Expand().Where(c => c.Id > afterId
                    && (indicator is null || c.Indicator == indicator) && (disaggregation is null || c.Disaggregation == disaggregation)));
            }
            // A batch may hold fewer matching changes than it has rows: read on until a page and one more are found.
            if (found.Count > take || rows.Count <= take) break;
            after = rows[^1].Id;
        }
        return found.Count > take + 1 ? found[..(take + 1)] : found;
    }

    /// <summary>A row of the trail as read: a single change, or a value batch (<see cref="FirstId"/> and <see cref="Changes"/>).</summary>
    private sealed class TrailRow
    {
        public long Id { get; init; }
        public DateTimeOffset At { get; init; }
        public string Actor { get; init; } = "";
        public string Entity { get; init; } = "";
        public string Action { get; init; } = "";
        public string? Indicator { get; init; }
        public string? Unit { get; init; }
        public string? Period { get; init; }
        public string? Disaggregation { get; init; }
        public decimal? OldValue { get; init; }
        public decimal? NewValue { get; init; }
        public string? Reason { get; init; }
        public long? FirstId { get; init; }
        public string? Changes { get; init; }
        /// <summary>A submission's entry: what the step moved it to (<c>new_data</c>).</summary>
        public string? SubmissionData { get; init; }

        public AuditedChange Change()
        {
            var (status, level, approved) = SubmissionStep(SubmissionData);
            return new()
            {
                Id = Id, At = At, Actor = Actor, Entity = Entity, Action = Action, Indicator = Indicator, Unit = Unit, Period = Period,
                Disaggregation = Disaggregation, OldValue = OldValue, NewValue = NewValue, Reason = Reason,
                Status = status, Level = level, ApprovedLevels = approved,
            };
        }

        /// <summary>
        /// The status a submission's entry moved it to and, for a step acted level by level, the level that acted and the
        /// levels it approved (none for a return or a reopening); all null for any other entry.
        /// </summary>
        private static (string? Status, string? Level, IReadOnlyList<string>? Approved) SubmissionStep(string? data)
        {
            if (data is null) return default;
            using var json = JsonDocument.Parse(data);
            var root = json.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            var approved = root.TryGetProperty("approved", out var levels) && levels.ValueKind == JsonValueKind.Array
                ? levels.EnumerateArray().Select(l => l.GetString()!).ToList()
                : null;
            return (Text("status"), Text("level"), approved is { Count: > 0 } ? approved : null);
        }

        /// <summary>The batch's changes as the entries of single values, ids first_id on.</summary>
        public IEnumerable<AuditedChange> Expand() => ValueChanges.Decode(Changes!).Select((c, i) => new AuditedChange
        {
            Id = FirstId!.Value + i, At = At, Actor = Actor, Entity = EnumText.Of(AuditEntity.Value), Action = c.Action, Indicator = c.Indicator, Unit = Unit,
            Period = Period, Disaggregation = c.Disaggregation, OldValue = c.Old?.Value, NewValue = c.New.Value, Reason = c.Reason,
        });
    }
}

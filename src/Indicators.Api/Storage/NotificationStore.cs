using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>
/// The outbox of notifications (<c>notifications</c>): written once per key, in the transaction of what they tell; read by
/// clients in id order; and the webhook's delivery state, kept in the row so a restart or another instance carries on.
/// </summary>
public static class NotificationStore
{
    private const string Columns =
        "id, kind, unit_id AS unit, period, task_id AS taskId, due_date AS dueDate, message, created_at AS createdAt, created_by AS createdBy";

    private const string Insert =
        """
        INSERT INTO notifications (kind, unit_id, period, task_id, due_date, message, dedup_key, created_at, created_by, attempts)
        SELECT @kind, @unit, @period, @taskId, @dueDate, @message, @key, @at, @actor, 0
        WHERE NOT EXISTS (SELECT 1 FROM notifications WHERE dedup_key = @key)
        """;

    /// <summary>Writes the drafts whose key is new; returns how many were.</summary>
    public static async Task<int> AddAsync(WriteSession session, IEnumerable<NotificationDraft> drafts, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        var at = session.At;
        var rows = drafts.Select(d => new
        {
            kind = EnumText.Of(d.Kind), unit = d.Unit, period = d.Period, taskId = d.TaskId, dueDate = d.DueDate is { } due ? Clock.Date(due) : null,
            message = d.Message, key = d.Key, at, actor,
        }).ToList();
        return rows.Count == 0 ? 0 : await connection.ExecuteAsync(new CommandDefinition(Insert, rows, transaction, cancellationToken: ct));
    }

    /// <summary>Those of <paramref name="keys"/> already written: a scan of deadlines that finds nothing new writes nothing.</summary>
    public static async Task<IReadOnlySet<string>> ExistingKeysAsync(DbConnection connection, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        // In batches: SQL Server takes at most 2,100 parameters.
        foreach (var batch in keys.Chunk(1000))
        {
            found.UnionWith(await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT dedup_key FROM notifications WHERE " + ProviderOf.Connection(connection).In("dedup_key", "@batch"), new { batch }, cancellationToken: ct)));
        }
        return found;
    }

    /// <summary>The notifications after <paramref name="afterId"/> in id order, of <paramref name="units"/> (null: of every unit), at most <paramref name="take"/>.</summary>
    public static async Task<IReadOnlyList<Notification>> ListAsync(DbConnection connection, IReadOnlyCollection<string>? units, long afterId, int take, CancellationToken ct)
    {
        var provider = ProviderOf.Connection(connection);
        var filter = units is null ? "" : " AND " + provider.In("unit_id", "@units");
        return (await connection.QueryAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM notifications WHERE id > @afterId{filter} ORDER BY id {provider.LimitClause}",
                new { afterId, units = units?.ToArray(), take }, cancellationToken: ct)))
            .Select(r => r.ToNotification()).ToList();
    }

    /// <summary>The notifications the webhook has not accepted and may be tried at <paramref name="now"/>, oldest first, with their failures so far.</summary>
    public static async Task<IReadOnlyList<(Notification Notification, int Attempts)>> UndeliveredAsync(DbConnection connection, DateTimeOffset now, int take, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns}, attempts FROM notifications
            WHERE delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
            ORDER BY id {ProviderOf.Connection(connection).LimitClause}
            """, new { now = Clock.Stamp(now), take }, cancellationToken: ct)))
        .Select(r => (r.ToNotification(), (int)r.Attempts)).ToList();

    public static Task DeliveredAsync(WriteSession session, long id, CancellationToken ct) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET delivered_at = @at, last_error = NULL WHERE id = @id",
            new { id, at = session.At }, session.Transaction, cancellationToken: ct));

    /// <summary>Records a failed delivery and when to try again.</summary>
    public static Task FailedAsync(WriteSession session, long id, int attempts, TimeSpan wait, string error, CancellationToken ct) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET attempts = @attempts, next_attempt_at = @next, last_error = @error WHERE id = @id AND delivered_at IS NULL",
            new { id, attempts, next = Clock.Stamp(session.Now + wait), error = error.Length > 500 ? error[..500] : error },
            session.Transaction, cancellationToken: ct));

    /// <summary>Which of the units' submissions of <paramref name="periods"/> are submitted or approved.</summary>
    public static async Task<IReadOnlySet<(string Unit, string Period)>> SubmittedAsync(DbConnection connection, IReadOnlyCollection<string> periods, CancellationToken ct) =>
        periods.Count == 0 ? new HashSet<(string, string)>() : (await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT unit_id, period FROM submissions WHERE status IN ('submitted', 'approved') AND " + ProviderOf.Connection(connection).In("period", "@periods"),
            new { periods = periods.ToArray() }, cancellationToken: ct))).ToHashSet();

    private sealed class Row
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string Unit { get; init; } = "";
        public string? Period { get; init; }
        public long? TaskId { get; init; }
        public string? DueDate { get; init; }
        public string Message { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public long Attempts { get; init; }

        public Notification ToNotification() =>
            new(Id, EnumText.Parse<NotificationKind>(Kind), Unit, Period, TaskId, Clock.ParseDate(DueDate), Message, Clock.ParseStamp(CreatedAt)!.Value, CreatedBy);
    }
}

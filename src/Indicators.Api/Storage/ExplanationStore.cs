using System.Data.Common;
using System.Globalization;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>
/// Explanations of misses (<c>explanations</c>, <c>explanation_revisions</c>, the causes of <c>explanation_causes</c>):
/// their queries and their one audited write path. Every write bumps the version, the ETag of If-Match, and keeps the revision.
/// </summary>
public static class ExplanationStore
{
    private const string Columns =
        "id, target_id AS targetId, unit_id AS unit, year, cause, text_vi AS textVi, corrective_action AS correctiveAction, agency_code AS agency, " +
        "due_date AS dueDate, status, version, updated_at AS changedAt, updated_by AS changedBy";

    private const string RevisionColumns =
        "r.explanation_id AS id, e.target_id AS targetId, e.unit_id AS unit, e.year, r.cause, r.text_vi AS textVi, r.corrective_action AS correctiveAction, " +
        "r.agency_code AS agency, r.due_date AS dueDate, r.status, r.version, r.changed_at AS changedAt, r.changed_by AS changedBy";

    public static async Task<IReadOnlyList<ExplanationCause>> CausesAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<ExplanationCause>(new CommandDefinition(
            "SELECT code, name_vi AS nameVi, name_en AS nameEn FROM explanation_causes ORDER BY code", cancellationToken: ct))).ToList();

    public static async Task<Explanation?> GetAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM explanations WHERE id = @id", new { id }, transaction, cancellationToken: ct)))
        .Select(r => r.ToExplanation()).SingleOrDefault();

    /// <summary>The explanations after <paramref name="afterId"/> in id order, filtered as given (a null filter is no filter), at most <paramref name="take"/>.</summary>
    public static async Task<IReadOnlyList<Explanation>> ListAsync(DbConnection connection, long? targetId, string? unit, ExplanationStatus? status,
        long afterId, int take, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM explanations
            WHERE id > @afterId AND (@targetId IS NULL OR target_id = @targetId) AND (@unit IS NULL OR unit_id = @unit) AND (@status IS NULL OR status = @status)
            ORDER BY id {ProviderOf.Connection(connection).LimitClause}
            """,
            new { afterId, targetId, unit, status = EnumText.Of(status), take }, cancellationToken: ct)))
        .Select(r => r.ToExplanation()).ToList();

    /// <summary>Every explanation: few, one per missed target, unit and year; attainment rows pick theirs.</summary>
    public static async Task<IReadOnlyList<Explanation>> AllAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM explanations ORDER BY id", cancellationToken: ct)))
        .Select(r => r.ToExplanation()).ToList();

    /// <summary>Every revision of an explanation, oldest first; empty when there is no such explanation.</summary>
    public static async Task<IReadOnlyList<Explanation>> HistoryAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {RevisionColumns} FROM explanation_revisions r JOIN explanations e ON e.id = r.explanation_id WHERE r.explanation_id = @id ORDER BY r.version",
            new { id }, cancellationToken: ct)))
        .Select(r => r.ToExplanation()).ToList();

    /// <summary>The explanation of a target, unit and year, if there is one.</summary>
    public static async Task<long?> FindAsync(DbConnection connection, DbTransaction transaction, ExplanationDefinition e, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM explanations WHERE target_id = @TargetId AND unit_id = @Unit AND year = @Year", new { e.TargetId, e.Unit, e.Year }, transaction, cancellationToken: ct));

    public static async Task<Explanation> CreateAsync(WriteSession session, ExplanationDefinition explanation, CancellationToken ct)
    {
        var (connection, transaction, provider, actor) = (session.Connection, session.Transaction, session.Provider, session.Actor);
        var now = session.Now;
        var at = Clock.Stamp(now);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            provider.InsertReturningId("explanations",
                "target_id, unit_id, year, cause, text_vi, corrective_action, agency_code, due_date, status, version, created_at, updated_at, updated_by",
                "@targetId, @unit, @year, @cause, @textVi, @correctiveAction, @agency, @dueDate, @status, 1, @at, @at, @actor"),
            Parameters(explanation, new { at, actor }), transaction, cancellationToken: ct));
        var created = new Explanation(id, explanation, 1, now, actor);
        await RecordAsync(session, null, created, ct);
        return created;
    }

    /// <summary>Writes the new definition when it differs; returns null when <paramref name="expectedVersion"/> is stale.</summary>
    public static async Task<Explanation?> ReviseAsync(WriteSession session, Explanation current,
        ExplanationDefinition explanation, int expectedVersion, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        if (current.Version != expectedVersion) return null;
        if (current.Definition.Equals(explanation)) return current;
        var now = session.Now;
        var at = Clock.Stamp(now);
        var version = current.Version + 1;
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE explanations SET cause = @cause, text_vi = @textVi, corrective_action = @correctiveAction, agency_code = @agency, due_date = @dueDate,
                status = @status, version = @version, updated_at = @at, updated_by = @actor
            WHERE id = @id AND version = @expected
            """,
            Parameters(explanation, new { id = current.Id, version, expected = expectedVersion, at, actor }), transaction, cancellationToken: ct));
        if (rows == 0) return null;
        var revised = new Explanation(current.Id, explanation, version, now, actor);
        await RecordAsync(session, current, revised, ct);
        return revised;
    }

    /// <summary>Keeps the revision and audits the change.</summary>
    private static async Task RecordAsync(WriteSession session, Explanation? before, Explanation after, CancellationToken ct)
    {
        var (connection, transaction) = (session.Connection, session.Transaction);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO explanation_revisions (explanation_id, version, cause, text_vi, corrective_action, agency_code, due_date, status, changed_at, changed_by)
            VALUES (@id, @version, @cause, @textVi, @correctiveAction, @agency, @dueDate, @status, @at, @actor)
            """,
            Parameters(after.Definition, new { id = after.Id, version = after.Version, at = Clock.Stamp(after.UpdatedAt), actor = after.UpdatedBy }),
            transaction, cancellationToken: ct));
        await AuditStore.RecordAsync(session,
            new AuditEntry(AuditEntity.Explanation, after.Id.ToString(CultureInfo.InvariantCulture), before is null ? "created" : "updated",
                before is null ? null : Snapshot(before), Snapshot(after), null, UnitId: after.Definition.Unit), ct);
    }

    /// <summary>The explanation as the audit trail keeps it: the status as its name.</summary>
    private static object Snapshot(Explanation e) => new { e.Id, e.Definition, Status = EnumText.Of(e.Definition.Status), e.Version };

    private static DynamicParameters Parameters(ExplanationDefinition e, object extra)
    {
        var p = new DynamicParameters(new
        {
            targetId = e.TargetId, unit = e.Unit, year = e.Year, cause = e.Cause, textVi = e.TextVi, correctiveAction = e.CorrectiveAction,
            agency = e.Agency, dueDate = e.DueDate is { } d ? Clock.Date(d) : null, status = EnumText.Of(e.Status),
        });
        p.AddDynamicParams(extra);
        return p;
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public long TargetId { get; init; }
        public string Unit { get; init; } = "";
        public long Year { get; init; }
        public string Cause { get; init; } = "";
        public string TextVi { get; init; } = "";
        public string? CorrectiveAction { get; init; }
        public string? Agency { get; init; }
        public string? DueDate { get; init; }
        public string Status { get; init; } = "";
        public long Version { get; init; }
        public string ChangedAt { get; init; } = "";
        public string ChangedBy { get; init; } = "";

        public Explanation ToExplanation() => new(Id,
            new ExplanationDefinition(TargetId, Unit, (int)Year, Cause, TextVi, CorrectiveAction, Agency, Clock.ParseDate(DueDate), EnumText.Parse<ExplanationStatus>(Status)),
            (int)Version, Clock.ParseStamp(ChangedAt)!.Value, ChangedBy);
    }
}

using System.Data.Common;
using System.Globalization;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>One status a task had: the status history.</summary>
public sealed record TaskStatusEntry(int Version, TaskState Status, string? EvidenceNumber, DateOnly? EvidenceDate, string? Note, DateTimeOffset ChangedAt, string ChangedBy);

/// <summary>
/// The task register (<c>tasks</c>, <c>task_agencies</c>, <c>task_targets</c>, <c>task_status_changes</c>): its queries
/// and its one audited write path (create, revise, change status). Every write bumps the task's version, the ETag of If-Match.
/// </summary>
public static class TaskStore
{
    private const string Columns =
        "id, source, issued_on AS issuedOn, unit_id AS unit, part, item, text_vi AS textVi, output_form AS outputForm, due_text AS dueText, note, " +
        "ocr_doubt AS ocrDoubt, status, evidence_number AS evidenceNumber, evidence_date AS evidenceDate, reports_done AS reportsDone, version, updated_by AS updatedBy";

    /// <summary>Every task, in id order: the register is small (the tasks of a province's plans), and filters such as "overdue" need the whole of it.</summary>
    public static async Task<IReadOnlyList<PlanTask>> AllAsync(DbConnection connection, CancellationToken ct) =>
        (await LoadAsync(connection, null, null, null, ct)).Select(r => r.Task).ToList();

    public static async Task<PlanTask?> GetAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null) =>
        (await LoadAsync(connection, transaction, "id = @id", new { id }, ct)).Select(r => r.Task).SingleOrDefault();

    /// <summary>The task loaded from a seed row, with its last writer.</summary>
    public static async Task<(PlanTask Task, string UpdatedBy)?> FindBySeedKeyAsync(DbConnection connection, DbTransaction transaction, string seedKey, CancellationToken ct) =>
        (await LoadAsync(connection, transaction, "seed_key = @seedKey", new { seedKey }, ct)).Select(r => ((PlanTask, string)?)r).SingleOrDefault();

    public static async Task<IReadOnlyList<TaskStatusEntry>> HistoryAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<StatusRow>(new CommandDefinition(
            """
            SELECT version, status, evidence_number AS evidenceNumber, evidence_date AS evidenceDate, note, changed_at AS changedAt, changed_by AS changedBy
            FROM task_status_changes WHERE task_id = @id ORDER BY version
            """, new { id }, cancellationToken: ct)))
        .Select(r => new TaskStatusEntry((int)r.Version, EnumText.Parse<TaskState>(r.Status), r.EvidenceNumber, Clock.ParseDate(r.EvidenceDate), r.Note,
            Clock.ParseStamp(r.ChangedAt)!.Value, r.ChangedBy))
        .ToList();

    /// <summary>Those of <paramref name="ids"/> that are current (not deleted) targets.</summary>
    public static async Task<IReadOnlySet<long>> CurrentTargetsAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? new HashSet<long>() : (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM targets WHERE " + ProviderOf.Connection(connection).In("id", "@ids") + " AND deleted_at IS NULL", new { ids }, cancellationToken: ct))).ToHashSet();

    public static async Task<PlanTask> CreateAsync(WriteSession session, PlanTaskDefinition task, CancellationToken ct, string? seedKey = null)
    {
        var (connection, transaction, provider, actor) = (session.Connection, session.Transaction, session.Provider, session.Actor);
        var at = session.At;
        var p = Parameters(task, new { status = EnumText.Of(TaskState.NotStarted), seedKey, at, actor });
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            provider.InsertReturningId("tasks",
                "source, issued_on, unit_id, part, item, text_vi, output_form, due_text, note, ocr_doubt, status, reports_done, version, seed_key, created_at, updated_at, updated_by",
                "@source, @issuedOn, @unit, @part, @item, @textVi, @outputForm, @dueText, @note, @ocrDoubt, @status, 0, 1, @seedKey, @at, @at, @actor"),
            p, transaction, cancellationToken: ct));
        await WriteLinksAsync(session, id, task, ct);
        var created = new PlanTask(id, task, TaskState.NotStarted, null, null, 0, 1);
        await RecordStatusAsync(session, created, null, ct);
        await AuditAsync(session, "created", null, created, null, ct);
        return created;
    }

    /// <summary>Writes the new definition when it differs; returns null when <paramref name="expectedVersion"/> is stale.</summary>
    public static async Task<(PlanTask Task, Change Change)?> ReviseAsync(WriteSession session,
        PlanTask current, PlanTaskDefinition task, CancellationToken ct, int? expectedVersion = null)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        if (current.Definition.Equals(task)) return (current, Change.Unchanged);
        var at = session.At;
        var version = current.Version + 1;
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE tasks SET source = @source, issued_on = @issuedOn, unit_id = @unit, part = @part, item = @item, text_vi = @textVi,
                output_form = @outputForm, due_text = @dueText, note = @note, ocr_doubt = @ocrDoubt, version = @version, updated_at = @at, updated_by = @actor
            WHERE id = @id AND version = @expected
            """,
            Parameters(task, new { id = current.Id, version, expected = expectedVersion ?? current.Version, at, actor }), transaction, cancellationToken: ct));
        if (rows == 0) return null;
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM task_agencies WHERE task_id = @id", new { id = current.Id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM task_targets WHERE task_id = @id", new { id = current.Id }, transaction, cancellationToken: ct));
        await WriteLinksAsync(session, current.Id, task, ct);
        var revised = current with { Definition = task, Version = version };
        await AuditAsync(session, "updated", current, revised, null, ct);
        return (revised, Change.Updated);
    }

    /// <summary>Moves the task to a new status (checked by <see cref="TaskWorkflow"/> before); returns null when <paramref name="expectedVersion"/> is stale.</summary>
    public static async Task<PlanTask?> ChangeStatusAsync(WriteSession session, PlanTask current, TaskStatusChange change,
        int expectedVersion, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        var at = session.At;
        var changed = current with
        {
            Status = change.To,
            EvidenceNumber = change.EvidenceNumber,
            EvidenceDate = change.EvidenceDate,
            ReportsDone = TaskWorkflow.ReportsAfter(current.Status, change.To, current.ReportsDone),
            Version = current.Version + 1,
        };
        var rows = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE tasks SET status = @status, evidence_number = @evidenceNumber, evidence_date = @evidenceDate, reports_done = @reportsDone,
                version = @version, updated_at = @at, updated_by = @actor
            WHERE id = @id AND version = @expected
            """,
            new
            {
                id = current.Id, status = EnumText.Of(changed.Status), evidenceNumber = changed.EvidenceNumber,
                evidenceDate = changed.EvidenceDate is { } d ? Clock.Date(d) : null, reportsDone = changed.ReportsDone, version = changed.Version,
                expected = expectedVersion, at, actor,
            }, transaction, cancellationToken: ct));
        if (rows == 0) return null;
        await RecordStatusAsync(session, changed, change.Note, ct);
        await AuditAsync(session, "status", current, changed, change.Note, ct);
        return changed;
    }

    private static async Task<IReadOnlyList<(PlanTask Task, string UpdatedBy)>> LoadAsync(DbConnection connection, DbTransaction? transaction,
        string? where, object? parameters, CancellationToken ct)
    {
        var tasks = (await connection.QueryAsync<TaskRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tasks {(where is null ? "" : "WHERE " + where)} ORDER BY id", parameters, transaction, cancellationToken: ct))).ToList();
        if (tasks.Count == 0) return [];
        // One task, or all of them: the links are read for the same rows.
        var filter = tasks.Count == 1 ? "WHERE task_id = @id" : "";
        var one = new { id = tasks[0].Id };
        var agencies = (await connection.QueryAsync<AgencyLinkRow>(new CommandDefinition(
            $"SELECT task_id AS taskId, role, agency_code AS agencyCode FROM task_agencies {filter} ORDER BY task_id, role, position", one, transaction, cancellationToken: ct)))
            .ToLookup(a => (a.TaskId, a.Role));
        var targets = (await connection.QueryAsync<TargetLinkRow>(new CommandDefinition(
            $"SELECT task_id AS taskId, target_id AS targetId FROM task_targets {filter} ORDER BY task_id, target_id", one, transaction, cancellationToken: ct)))
            .ToLookup(t => t.TaskId, t => t.TargetId);
        return tasks.Select(r => (new PlanTask(r.Id,
                new PlanTaskDefinition(r.Source, Clock.ParseDate(r.IssuedOn)!.Value, r.Unit, r.Part, r.Item, r.TextVi,
                    agencies[(r.Id, Lead)].Select(a => a.AgencyCode).ToList(), agencies[(r.Id, Partner)].Select(a => a.AgencyCode).ToList(),
                    r.OutputForm, r.DueText, r.Note, r.OcrDoubt, targets[r.Id].ToList()),
                EnumText.Parse<TaskState>(r.Status), r.EvidenceNumber, Clock.ParseDate(r.EvidenceDate), (int)r.ReportsDone, (int)r.Version), r.UpdatedBy))
            .ToList();
    }

    private const string Lead = "lead";
    private const string Partner = "partner";

    private static async Task WriteLinksAsync(WriteSession session, long id, PlanTaskDefinition task, CancellationToken ct)
    {
        var agencies = task.Leads.Select((code, i) => new { id, role = Lead, position = i + 1, code })
            .Concat(task.Partners.Select((code, i) => new { id, role = Partner, position = i + 1, code })).ToList();
        await session.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO task_agencies (task_id, role, position, agency_code) VALUES (@id, @role, @position, @code)", agencies, session.Transaction, cancellationToken: ct));
        await session.Connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO task_targets (task_id, target_id) VALUES (@id, @target)", task.Targets.Distinct().Select(target => new { id, target }).ToList(), session.Transaction, cancellationToken: ct));
    }

    private static Task RecordStatusAsync(WriteSession session, PlanTask task, string? note, CancellationToken ct) =>
        session.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO task_status_changes (task_id, version, status, evidence_number, evidence_date, note, changed_at, changed_by)
            VALUES (@id, @version, @status, @evidenceNumber, @evidenceDate, @note, @at, @actor)
            """,
            new
            {
                id = task.Id, version = task.Version, status = EnumText.Of(task.Status), evidenceNumber = task.EvidenceNumber,
                evidenceDate = task.EvidenceDate is { } d ? Clock.Date(d) : null, note, at = session.At, actor = session.Actor,
            }, session.Transaction, cancellationToken: ct));

    private static Task AuditAsync(WriteSession session, string action, PlanTask? before, PlanTask after, string? reason, CancellationToken ct) =>
        AuditStore.RecordAsync(session,
            new AuditEntry(AuditEntity.Task, after.Id.ToString(CultureInfo.InvariantCulture), action, before is null ? null : Snapshot(before), Snapshot(after), reason, UnitId: after.Definition.Unit), ct);

    /// <summary>The task as the audit trail keeps it: enums as their names.</summary>
    private static object Snapshot(PlanTask t) => new
    {
        t.Id, t.Definition, Status = EnumText.Of(t.Status), t.EvidenceNumber, t.EvidenceDate, t.ReportsDone, t.Version,
    };

    private static DynamicParameters Parameters(PlanTaskDefinition t, object extra)
    {
        var p = new DynamicParameters(new
        {
            source = t.Source, issuedOn = Clock.Date(t.IssuedOn), unit = t.Unit, part = t.Part, item = t.Item, textVi = t.TextVi,
            outputForm = t.OutputForm, dueText = t.DueText, note = t.Note, ocrDoubt = t.OcrDoubt,
        });
        p.AddDynamicParams(extra);
        return p;
    }

    private sealed class TaskRow
    {
        public long Id { get; init; }
        public string Source { get; init; } = "";
        public string IssuedOn { get; init; } = "";
        public string Unit { get; init; } = "";
        public string? Part { get; init; }
        public string Item { get; init; } = "";
        public string TextVi { get; init; } = "";
        public string? OutputForm { get; init; }
        public string? DueText { get; init; }
        public string? Note { get; init; }
        public string? OcrDoubt { get; init; }
        public string Status { get; init; } = "";
        public string? EvidenceNumber { get; init; }
        public string? EvidenceDate { get; init; }
        public long ReportsDone { get; init; }
        public long Version { get; init; }
        public string UpdatedBy { get; init; } = "";
    }

    private sealed class AgencyLinkRow
    {
        public long TaskId { get; init; }
        public string Role { get; init; } = "";
        public string AgencyCode { get; init; } = "";
    }

    private sealed class TargetLinkRow
    {
        public long TaskId { get; init; }
        public long TargetId { get; init; }
    }

    private sealed class StatusRow
    {
        public long Version { get; init; }
        public string Status { get; init; } = "";
        public string? EvidenceNumber { get; init; }
        public string? EvidenceDate { get; init; }
        public string? Note { get; init; }
        public string ChangedAt { get; init; } = "";
        public string ChangedBy { get; init; } = "";
    }
}

using System.Data.Common;
using Dapper;
using Indicators.Api.Data;
using Indicators.Api.Domain;

namespace Indicators.Api.Features.Values;

/// <summary>Why a checked value could not be written: the state of the database refused it.</summary>
public sealed record WriteConflict(int Index, string Field, string Message, bool Locked);

/// <summary>What a write did.</summary>
public sealed record WriteResult(int Imported, int Updated, int Unchanged, IReadOnlyList<WriteConflict> Conflicts, IReadOnlySet<int> Written);

/// <summary>
/// The one write path of reported values, shared by submissions, imports, DHIS2 data value sets and the demo
/// seed. Inside the caller's transaction it groups values by submission (unit, period), refuses writes to
/// approved submissions and corrections without a reason, then inserts or updates each value and appends
/// every change — value and status — to the audit trail.
/// </summary>
public static class ValueStore
{
    /// <param name="landAs">The status the touched submissions end in: Draft (save), Submitted (submit or import).</param>
    /// <param name="reason">The reason for every change when a value has no comment of its own.</param>
    /// <param name="atomic">When true and anything conflicts, nothing is written.</param>
    public static async Task<WriteResult> WriteAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        IReadOnlyList<CheckedValue> values, SubmissionAction landAs, string actor, string? reason, bool atomic, CancellationToken ct, string? source = null)
    {
        var at = Clock.Stamp(DateTimeOffset.UtcNow);
        var conflicts = new List<WriteConflict>();
        var plans = new List<(SubmissionState Submission, CheckedValue Value, StoredValue? Existing)>();

        foreach (var group in values.GroupBy(v => (v.UnitId, v.Period)))
        {
            var submission = await LoadAsync(connection, transaction, group.Key.UnitId, group.Key.Period.Id, ct);
            var (_, refusal) = SubmissionWorkflow.Apply(submission.Status, SubmissionAction.Save);
            foreach (var value in group)
            {
                if (refusal is not null)
                {
                    conflicts.Add(new WriteConflict(value.Index, "period", submission.LockedMessage, Locked: true));
                    continue;
                }
                var existing = submission.Values.GetValueOrDefault(value.Indicator);
                if (existing is not null && Differs(existing, value) && SubmissionWorkflow.CorrectionNeedsReason(submission.Status)
                    && value.Comment is null && string.IsNullOrWhiteSpace(reason))
                {
                    conflicts.Add(new WriteConflict(value.Index, "comment",
                        $"{value.Indicator} for {value.UnitId} {value.Period} is {EnumText.Of(submission.Status!.Value)} with {existing.Value}; a correction needs a comment saying why.", Locked: false));
                    continue;
                }
                plans.Add((submission, value, existing));
            }
        }
        if (atomic && conflicts.Count > 0) return new WriteResult(0, 0, 0, conflicts, new HashSet<int>());

        int imported = 0, updated = 0, unchanged = 0;
        var audit = new List<AuditEntry>();
        foreach (var bySubmission in plans.GroupBy(p => p.Submission))
        {
            var submission = bySubmission.Key;
            var changes = bySubmission.Where(p => p.Existing is null || Differs(p.Existing, p.Value)).ToList();
            unchanged += bySubmission.Count() - changes.Count;
            var target = landAs == SubmissionAction.Submit ? SubmissionWorkflow.Apply(submission.Status ?? SubmissionStatus.Draft, SubmissionAction.Submit).Next ?? submission.Status : null;
            var newStatus = target ?? submission.Status ?? SubmissionStatus.Draft;
            if (changes.Count == 0 && newStatus == submission.Status) continue;

            var submissionId = await SaveSubmissionAsync(connection, transaction, dialect, submission, newStatus, actor, at, ct);
            if (newStatus != submission.Status)
            {
                audit.Add(new AuditEntry("submission", $"{submission.UnitId}/{submission.Period}", EnumText.Of(newStatus),
                    submission.Status is null ? null : new { status = EnumText.Of(submission.Status.Value) }, new { status = EnumText.Of(newStatus) },
                    reason, UnitId: submission.UnitId, Period: submission.Period));
            }
            foreach (var (_, value, existing) in changes)
            {
                await connection.ExecuteAsync(new CommandDefinition(existing is null ? InsertValue : UpdateValue, new
                {
                    indicator = value.Indicator, unit = value.UnitId, period = value.Period.Id,
                    periodStart = Clock.Date(value.Period.Start), periodEnd = Clock.Date(value.Period.End),
                    value = value.Value, numerator = value.Numerator, denominator = value.Denominator, comment = value.Comment,
                    source, submissionId, at, actor,
                }, transaction, cancellationToken: ct));
                audit.Add(new AuditEntry("value", $"{value.Indicator}/{value.UnitId}/{value.Period.Id}", existing is null ? "created" : "updated",
                    existing, new { value.Value, value.Numerator, value.Denominator, value.Comment }, value.Comment ?? reason,
                    value.Indicator, value.UnitId, value.Period.Id, existing?.Value, value.Value));
                if (existing is null) imported++; else updated++;
            }
        }
        await ChangeLog.RecordAsync(connection, transaction, actor, audit, ct);
        return new WriteResult(imported, updated, unchanged, conflicts, plans.Select(p => p.Value.Index).ToHashSet());
    }

    /// <summary>Moves a submission through the workflow and audits it; returns the refusal when the move is not allowed.</summary>
    public static async Task<(SubmissionState? State, string? Refusal)> TransitionAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        string unitId, string period, SubmissionAction action, string actor, string? comment, CancellationToken ct)
    {
        var submission = await LoadAsync(connection, transaction, unitId, period, ct);
        var (next, refusal) = SubmissionWorkflow.Apply(submission.Status, action);
        if (refusal is not null) return (submission.Status is null ? null : submission, refusal);
        var at = Clock.Stamp(DateTimeOffset.UtcNow);
        await SaveSubmissionAsync(connection, transaction, dialect, submission, next!.Value, actor, at, ct, comment);
        await ChangeLog.RecordAsync(connection, transaction, actor, new AuditEntry("submission", $"{unitId}/{period}", EnumText.Of(action),
            new { status = EnumText.Of(submission.Status!.Value) }, new { status = EnumText.Of(next.Value) }, comment, UnitId: unitId, Period: period), ct);
        return (await LoadAsync(connection, transaction, unitId, period, ct), null);
    }

    /// <summary>The submission of a unit and period with its values; Status is null when there is none.</summary>
    public static async Task<SubmissionState> LoadAsync(DbConnection connection, DbTransaction? transaction, string unitId, string period, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(new CommandDefinition(
            """
            SELECT id, status, created_at, updated_at, updated_by, submitted_at, submitted_by, approved_at, approved_by, status_comment
            FROM submissions WHERE unit_id = @unitId AND period = @period
            """, new { unitId, period }, transaction, cancellationToken: ct));
        var values = row is null ? [] : (await connection.QueryAsync<StoredValue>(new CommandDefinition(
            "SELECT indicator_code AS indicator, value, numerator, denominator, comment, updated_at, updated_by FROM data_values WHERE submission_id = @id ORDER BY indicator_code",
            new { id = row.Id }, transaction, cancellationToken: ct))).ToList();
        return new SubmissionState(row?.Id, unitId, period, row is null ? null : EnumText.Parse<SubmissionStatus>(row.Status),
            values.ToDictionary(v => v.Indicator, StringComparer.Ordinal), row);
    }

    private static bool Differs(StoredValue existing, CheckedValue value) =>
        existing.Value != value.Value || existing.Numerator != value.Numerator || existing.Denominator != value.Denominator || existing.Comment != value.Comment;

    private static async Task<long> SaveSubmissionAsync(DbConnection connection, DbTransaction transaction, ISqlDialect dialect,
        SubmissionState submission, SubmissionStatus status, string actor, string at, CancellationToken ct, string? comment = null)
    {
        var p = new
        {
            id = submission.Id, unitId = submission.UnitId, period = submission.Period, status = EnumText.Of(status), at, actor, comment,
            submitted = status == SubmissionStatus.Submitted && submission.Status != SubmissionStatus.Submitted,
            approved = status == SubmissionStatus.Approved,
        };
        if (submission.Id is { } id)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE submissions SET status = @status, updated_at = @at, updated_by = @actor,
                    submitted_at = CASE WHEN @submitted = 1 THEN @at ELSE submitted_at END,
                    submitted_by = CASE WHEN @submitted = 1 THEN @actor ELSE submitted_by END,
                    approved_at = CASE WHEN @approved = 1 THEN @at ELSE NULL END,
                    approved_by = CASE WHEN @approved = 1 THEN @actor ELSE NULL END,
                    status_comment = CASE WHEN @comment IS NULL THEN status_comment ELSE @comment END
                WHERE id = @id
                """, p, transaction, cancellationToken: ct));
            return id;
        }
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            dialect.InsertReturningId("submissions", "unit_id, period, status, created_at, updated_at, updated_by, submitted_at, submitted_by",
                "@unitId, @period, @status, @at, @at, @actor, CASE WHEN @submitted = 1 THEN @at END, CASE WHEN @submitted = 1 THEN @actor END"),
            p, transaction, cancellationToken: ct));
    }

    private const string InsertValue =
        """
        INSERT INTO data_values (indicator_code, unit_id, period, period_start, period_end, value, numerator, denominator, comment, source, submission_id, updated_at, updated_by)
        VALUES (@indicator, @unit, @period, @periodStart, @periodEnd, @value, @numerator, @denominator, @comment, @source, @submissionId, @at, @actor)
        """;

    private const string UpdateValue =
        """
        UPDATE data_values SET value = @value, numerator = @numerator, denominator = @denominator, comment = @comment,
            source = @source, updated_at = @at, updated_by = @actor
        WHERE indicator_code = @indicator AND unit_id = @unit AND period = @period
        """;
}

/// <summary>A stored value of a submission.</summary>
public sealed record StoredValue
{
    public required string Indicator { get; init; }
    public required decimal Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    public string? Comment { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

/// <summary>A submission row as stored.</summary>
public sealed record SubmissionRow
{
    public long Id { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? SubmittedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public string? StatusComment { get; init; }
}

/// <summary>A submission (or its absence) with its values, as read inside a write.</summary>
public sealed record SubmissionState(long? Id, string UnitId, string Period, SubmissionStatus? Status, IReadOnlyDictionary<string, StoredValue> Values, SubmissionRow? Row)
{
    public string? ApprovedBy => Row?.ApprovedBy;
    public string? ApprovedAt => Row?.ApprovedAt is { } at ? Clock.Stamp(at) : null;

    /// <summary>Why an approved submission refuses writes: who approved it and when.</summary>
    public string LockedMessage => $"{UnitId} {Period} was approved by {ApprovedBy} at {ApprovedAt}; an administrator must reopen it before it can change.";
}

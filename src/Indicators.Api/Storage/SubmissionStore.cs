using Indicators.Api.Storage.Providers;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>
/// The submissions and their values (<c>submissions</c>, <c>data_values</c>): the one write path of reported values,
/// shared by submissions, imports, DHIS2, FHIR and the demo seed. Inside the caller's transaction it loads the touched
/// submissions and their values in batches, asks <see cref="WritePlanning"/> what the write does, then inserts, updates
/// or deletes the values with reused commands and appends every change — value and status — to the audit trail. A
/// bulk load of hundreds of thousands of values therefore costs a few queries per thousand submissions.
/// </summary>
public static class SubmissionStore
{
    /// <summary>Keys per IN list: well under SQL Server's 2,100 parameters.</summary>
    private const int BatchSize = 500;

    /// <summary>
    /// Pending rows are written once this many values have gathered: memory stays flat on big loads, and the next chunk
    /// is made while one is written (<see cref="FlushOverlappedAsync"/>).
    /// </summary>
    private const int FlushEvery = 5_000;

    /// <param name="connection">Where the submissions are read: the session's, or any for a dry run.</param>
    /// <param name="session">The write's; null for a dry run, which plans and counts and writes nothing.</param>
    /// <param name="landAs">The status the touched submissions end in: Draft (save), Submitted (submit or import).</param>
    /// <param name="reason">The reason for every change when a value has no comment of its own.</param>
    /// <param name="atomic">When true and anything conflicts, nothing is written.</param>
    /// <param name="mode">Whether existing or new values are ignored.</param>
    public static async Task<WriteResult> WriteAsync(DbConnection connection, WriteSession? session,
        IReadOnlyList<CheckedValue> values, SubmissionAction landAs, string? reason, bool atomic, CancellationToken ct,
        string? source = null, WriteMode mode = WriteMode.Upsert)
    {
        var submissions = await LoadManyAsync(connection, session?.Transaction, values.Select(v => (v.UnitId, v.Period.Id)), ct);
        var plan = WritePlanning.Plan(submissions, values, new WriteOptions(landAs, reason, atomic, mode));
        if (session is null || plan.Writes.Count == 0) return plan.Result;
        await ApplyAsync(session, plan, reason, source, ct, batched: true);
        return plan.Result;
    }

    /// <summary>
    /// Saves the values of one unit and period, all or nothing, and gives the submission as the write leaves it, built
    /// from what was read and written rather than read back.
    /// </summary>
    public static async Task<(WriteResult Result, SubmissionState Saved)> SaveAsync(WriteSession session,
        string unitId, string period, IReadOnlyList<CheckedValue> values, SubmissionAction landAs, CancellationToken ct)
    {
        var submissions = await LoadManyAsync(session.Connection, session.Transaction, [(unitId, period)], ct);
        var plan = WritePlanning.Plan(submissions, values, new WriteOptions(landAs, null, Atomic: true));
        if (plan.Writes.Count == 0) return (plan.Result, submissions[(unitId, period)]);
        var ids = await ApplyAsync(session, plan, null, null, ct);
        // The time as stored, so the answer says what a read would.
        var at = Clock.ParseStamp(session.At)!.Value;
        return (plan.Result, plan.Writes[0].After(ids[0], at, session.Actor, session.Provider.Stored));
    }

    /// <summary>Writes what <paramref name="plan"/> changes: the submissions, their values and the audit entries.</summary>
    /// <param name="batched">
    /// Audit the value changes of each submission in one value batch (a bulk load) rather than one entry per value: a
    /// bulk load then writes one audit row per submission instead of one per value, at about the cost of the values alone.
    /// </param>
    /// <returns>The id of each written submission, in the plan's order.</returns>
    private static async Task<IReadOnlyList<long>> ApplyAsync(WriteSession session, WritePlan plan, string? reason, string? source, CancellationToken ct, bool batched = false)
    {
        var ids = await SaveSubmissionsAsync(session, plan, ct);
        var chunks = Chunks(session, plan, ids, reason, source, batched);
        if (plan.Writes.Sum(w => w.Changes.Count) <= FlushEvery)
        {
            foreach (var chunk in chunks) await chunk.FlushAsync(ct);
        }
        else await FlushOverlappedAsync(chunks, ct);
        return ids;
    }

    /// <summary>
    /// Writes the chunks as they are made, each made on another thread while the connection writes the one before: the
    /// rows of a bulk load and their audit changes are built on the second core instead of between the inserts.
    /// </summary>
    private static async Task FlushOverlappedAsync(IEnumerable<Pending> chunks, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var made = Channel.CreateBounded<Pending>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var making = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in chunks) await made.Writer.WriteAsync(chunk, stop.Token);
                made.Writer.Complete();
            }
            catch (Exception e)
            {
                made.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var chunk in made.Reader.ReadAllAsync(ct)) await chunk.FlushAsync(ct);
        }
        finally
        {
            // A failed write stops the making; the maker never touches the connection, so it is only waited for.
            await stop.CancelAsync();
            await making;
        }
    }

    /// <summary>The value rows and audit entries of <paramref name="plan"/>, in chunks of about <see cref="FlushEvery"/> rows ending with a submission.</summary>
    private static IEnumerable<Pending> Chunks(WriteSession session, WritePlan plan, IReadOnlyList<long> ids, string? reason, string? source, bool batched)
    {
        var (at, actor, provider) = (session.At, session.Actor, session.Provider);
        var pending = new Pending(session);
        for (var w = 0; w < plan.Writes.Count; w++)
        {
            var write = plan.Writes[w];
            var submission = write.Submission;
            var submissionId = ids[w];
            if (write.StatusChanges)
            {
                pending.Audit.Add(new AuditEntry(AuditEntity.Submission, $"{submission.UnitId}/{submission.Period}", EnumText.Of(write.NewStatus),
                    submission.Status is null ? null : new { status = EnumText.Of(submission.Status.Value) }, new { status = EnumText.Of(write.NewStatus) },
                    reason, UnitId: submission.UnitId, Period: submission.Period));
            }
            var changes = batched ? new List<AuditedValueChange>(write.Changes.Count) : null;
            // The values of a submission share its period: its dates are written out once.
            string? start = null, end = null;
            foreach (var (value, existing) in write.Changes)
            {
                if (existing is null)
                {
                    start ??= Clock.Date(value.Period.Start);
                    end ??= Clock.Date(value.Period.End);
                    pending.Inserts.Add([value.Indicator, value.UnitId, value.Period.Id, value.Disaggregation, start, end,
                        value.Value, value.Numerator, value.Denominator, value.Comment, source, submissionId, at, actor]);
                }
                else
                {
                    pending.Updates.Add(new
                    {
                        indicator = value.Indicator, unit = value.UnitId, period = value.Period.Id, disaggregation = value.Disaggregation,
                        value = value.Value, numerator = value.Numerator, denominator = value.Denominator, comment = value.Comment, source, at, actor,
                    });
                }
                var action = existing is null ? "created" : "updated";
                if (changes is not null)
                {
                    changes.Add(new AuditedValueChange(value.Indicator, value.Disaggregation, action, value.Comment ?? reason,
                        existing is null ? null : new ValueState(existing.Value, existing.Numerator, existing.Denominator, existing.Comment),
                        new ValueState(provider.Stored(value.Value), Stored(provider, value.Numerator), Stored(provider, value.Denominator), value.Comment)));
                    continue;
                }
                pending.Audit.Add(new AuditEntry(AuditEntity.Value, ValueEntityKey(value.Indicator, value.UnitId, value.Period, value.Disaggregation), action,
                    existing, new { value.Value, value.Numerator, value.Denominator, value.Comment }, value.Comment ?? reason,
                    value.Indicator, value.UnitId, value.Period.Id, existing?.Value, value.Value, value.Disaggregation));
            }
            if (changes is { Count: > 0 })
            {
                pending.Audit.Add(new AuditEntry(AuditEntity.ValueBatch, $"{submission.UnitId}/{submission.Period}", "written",
                    UnitId: submission.UnitId, Period: submission.Period, Changes: EncodedValueChanges.Of(changes)));
            }
            if (pending.Rows >= FlushEvery)
            {
                yield return pending;
                pending = new Pending(session);
            }
        }
        yield return pending;
    }

    /// <summary>
    /// Deletes stored values (DHIS2's DELETE strategy): approved submissions refuse, a value that was submitted
    /// needs a reason like any correction, values that do not exist are ignored. Each deletion is audited with the old value.
    /// </summary>
    /// <param name="session">The write's; null for a dry run, as for <see cref="WriteAsync"/>.</param>
    public static async Task<WriteResult> DeleteAsync(DbConnection connection, WriteSession? session,
        IReadOnlyList<ValueKey> keys, string? reason, bool atomic, CancellationToken ct)
    {
        var submissions = await LoadManyAsync(connection, session?.Transaction, keys.Select(k => (k.UnitId, k.Period.Id)), ct);
        var plan = WritePlanning.PlanDeletion(submissions, keys, reason, atomic);
        if (session is null || plan.Writes.Count == 0) return plan.Result;

        var pending = new Pending(session);
        await using var saver = new SubmissionSaver(session);
        foreach (var (submission, deletions) in plan.Writes)
        {
            // The submission keeps its status; its updated_at/updated_by record who last changed its values.
            await saver.SaveAsync(submission, submission.Status!.Value, ct, changes: deletions.Count);
            foreach (var (key, existing) in deletions)
            {
                pending.Deletes.Add(new { indicator = key.Indicator, unit = key.UnitId, period = key.Period.Id, disaggregation = key.Disaggregation });
                pending.Audit.Add(new AuditEntry(AuditEntity.Value, ValueEntityKey(key.Indicator, key.UnitId, key.Period, key.Disaggregation), "deleted",
                    existing, null, key.Comment ?? reason, key.Indicator, key.UnitId, key.Period.Id, existing.Value, null, key.Disaggregation));
            }
            if (pending.Rows >= FlushEvery) await pending.FlushAsync(ct);
        }
        await pending.FlushAsync(ct);
        return plan.Result;
    }

    private static decimal? Stored(IDbProvider provider, decimal? value) => value is { } v ? provider.Stored(v) : null;

    /// <summary>How the audit trail names a value: indicator/unit/period, and its disaggregation when it is not the total.</summary>
    private static string ValueEntityKey(string indicator, string unitId, Period period, string disaggregation) =>
        disaggregation.Length == 0 ? $"{indicator}/{unitId}/{period.Id}" : $"{indicator}/{unitId}/{period.Id}/{disaggregation}";

    /// <summary>Value rows and audit entries waiting to be written with one reused command each.</summary>
    private sealed class Pending(WriteSession session)
    {
        public List<object?[]> Inserts { get; } = [];
        public List<object> Updates { get; } = [];
        public List<object> Deletes { get; } = [];
        public List<AuditEntry> Audit { get; } = [];

        /// <summary>The value rows waiting.</summary>
        public int Rows => Inserts.Count + Updates.Count + Deletes.Count;

        public async Task FlushAsync(CancellationToken ct)
        {
            // Dapper runs a list parameter as one command executed per item; updates and deletes are the rarer writes.
            foreach (var (sql, rows) in new[] { (UpdateValue, Updates), (DeleteValue, Deletes) })
            {
                if (rows.Count > 0) await session.Connection.ExecuteAsync(new CommandDefinition(sql, rows, session.Transaction, cancellationToken: ct));
                rows.Clear();
            }
            // New values, their audit entries and the version bump share commands: one for a small write.
            var batch = new RowBatch(session);
            await batch.InsertAsync("data_values", InsertColumns, Inserts, ct);
            await AuditStore.RecordAsync(batch, Audit, ct);
            await batch.FlushAsync(ct);
            Inserts.Clear();
            Audit.Clear();
        }
    }

    /// <summary>
    /// Moves a submission through the workflow and audits it; returns the refusal when the move is not allowed. An approval,
    /// a return or a reopening acts at the level of <paramref name="approval"/>: the levels' acts are kept beside the
    /// submission and the units of the levels below are notified of a return.
    /// </summary>
    public static async Task<(SubmissionState? State, string? Refusal)> TransitionAsync(WriteSession session,
        string unitId, string period, SubmissionAction action, string? comment, CancellationToken ct, ApprovalRequest? approval = null)
    {
        var submission = await LoadAsync(session.Connection, session.Transaction, unitId, period, ct);
        if (approval is not null) return await ActAtLevelAsync(session, submission, action, comment, approval, ct);
        var (next, refusal) = SubmissionWorkflow.Apply(submission.Status, action);
        if (refusal is not null) return (submission.Status is null ? null : submission, refusal);
        await SaveSubmissionAsync(session, submission, next!.Value, ct, comment);
        await AuditStore.RecordAsync(session, new AuditEntry(AuditEntity.Submission, $"{unitId}/{period}", EnumText.Of(action),
            new { status = EnumText.Of(submission.Status!.Value) }, new { status = EnumText.Of(next.Value) }, comment, UnitId: unitId, Period: period), ct);
        return (await LoadAsync(session.Connection, session.Transaction, unitId, period, ct), null);
    }

    private static async Task<(SubmissionState? State, string? Refusal)> ActAtLevelAsync(WriteSession session,
        SubmissionState submission, SubmissionAction action, string? comment, ApprovalRequest approval, CancellationToken ct)
    {
        if (submission.Id is not { } id) return (null, "There is no submission.");
        var (connection, transaction, at) = (session.Connection, session.Transaction, session.At);
        var stored = await ApprovalsAsync(connection, transaction, id, ct);
        var (outcome, refusal) = ApprovalChain.Apply(submission.Status, approval.Chain, stored, action, approval.Acting, session.Actor, session.Now, comment, approval.Indicators);
        if (outcome is null) return (submission, refusal);

        var (unitId, period) = (submission.UnitId, submission.Period);
        await SaveSubmissionAsync(session, submission, outcome.Next, ct, comment);
        await connection.ExecuteAsync(new CommandDefinition(UpdateApprovalColumns,
            new { id, editable = outcome.Editable is null ? null : string.Join(',', outcome.Editable), firstApproved = outcome.Next == SubmissionStatus.Approved ? at : null },
            transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM submission_approvals WHERE submission_id = @id", new { id }, transaction, cancellationToken: ct));
        var acts = outcome.Levels.Where(l => l.Status != ApprovalState.Pending)
            .Select(l => new { id, level = EnumText.Of(l.Level), status = EnumText.Of(l.Status), at = Clock.Stamp(l.At!.Value), by = l.By, reason = l.Reason }).ToList();
        if (acts.Count > 0) await connection.ExecuteAsync(new CommandDefinition(InsertApproval, acts, transaction, cancellationToken: ct));

        // One audit entry per step: the levels it approved (through the pending ones below the key's own) are in it.
        var before = ApprovalChain.View(approval.Chain, stored).Where(l => l.Status != ApprovalState.Pending).ToDictionary(l => EnumText.Of(l.Level), l => EnumText.Of(l.Status));
        await AuditStore.RecordAsync(session, new AuditEntry(AuditEntity.Submission, $"{unitId}/{period}", EnumText.Of(action),
            new { status = EnumText.Of(submission.Status!.Value), levels = before },
            new { status = EnumText.Of(outcome.Next), level = EnumText.Of(approval.Acting), approved = outcome.Approved.Select(EnumText.Of).ToList(), indicators = outcome.Editable },
            comment, UnitId: unitId, Period: period), ct);
        await NotificationStore.AddAsync(session, Notices(action, submission, approval, outcome, comment, at), ct);
        return (await LoadAsync(connection, transaction, unitId, period, ct), null);
    }

    /// <summary>
    /// What an approval or a return writes to the outbox, once per write time (a submission may be returned again later):
    /// an approval to the submission's unit; a return or reopening to it and to the unit of every level of its chain below
    /// the one that returned it (a commune's data returned by the Ministry: the commune and its province).
    /// </summary>
    private static IEnumerable<NotificationDraft> Notices(SubmissionAction action, SubmissionState submission, ApprovalRequest approval, ApprovalOutcome outcome, string? comment, string at)
    {
        var (unitId, period) = (submission.UnitId, submission.Period);
        if (action == SubmissionAction.Approve)
        {
            yield return new NotificationDraft(NotificationKind.Approved, unitId, period, null, null,
                $"Báo cáo kỳ {period} của {unitId} đã được phê duyệt ({string.Join(", ", outcome.Approved.Select(ApprovalChain.NameVi))}).", $"approved:{unitId}/{period}@{at}");
            yield break;
        }
        var message = $"Báo cáo kỳ {period} của {unitId} bị trả lại ({ApprovalChain.NameVi(approval.Acting)}): {comment}";
        yield return new NotificationDraft(NotificationKind.Returned, unitId, period, null, null, message, $"returned:{unitId}/{period}@{at}");
        var below = approval.Chain.Where(l => l < approval.Acting).Select(l => approval.LevelUnits.GetValueOrDefault(l)).OfType<string>();
        foreach (var unit in below.Where(u => u != unitId).Distinct())
        {
            yield return new NotificationDraft(NotificationKind.Returned, unit, period, null, null, message, $"returned:{unitId}/{period}@{at}>{unit}");
        }
    }

    /// <summary>The acts of the levels on a submission, as stored.</summary>
    public static async Task<IReadOnlyList<LevelApproval>> ApprovalsAsync(DbConnection connection, DbTransaction? transaction, long submissionId, CancellationToken ct) =>
        (await ApprovalsAsync(connection, transaction, [submissionId], ct)).GetValueOrDefault(submissionId) ?? [];

    /// <summary>The acts of the levels on many submissions, by submission id.</summary>
    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<LevelApproval>>> ApprovalsAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyCollection<long> submissionIds, CancellationToken ct)
    {
        var rows = new List<(long SubmissionId, string Level, string Status, string ActedAt, string ActedBy, string? Reason)>();
        foreach (var batch in submissionIds.Chunk(BatchSize))
        {
            rows.AddRange(await connection.QueryAsync<(long, string, string, string, string, string?)>(new CommandDefinition(
                "SELECT submission_id, level, status, acted_at, acted_by, reason FROM submission_approvals WHERE "
                + ProviderOf.Connection(connection).In("submission_id", "@batch"), new { batch }, transaction, cancellationToken: ct)));
        }
        return rows.GroupBy(r => r.SubmissionId).ToDictionary(g => g.Key, g => (IReadOnlyList<LevelApproval>)g
            .Select(r => new LevelApproval(EnumText.Parse<ApprovalLevel>(r.Level), EnumText.Parse<ApprovalState>(r.Status), r.ActedBy, Clock.ParseStamp(r.ActedAt), r.Reason))
            .ToList());
    }

    /// <summary>
    /// Submissions by id after <paramref name="afterId"/>, at most <paramref name="take"/>, of <paramref name="units"/> (null:
    /// every unit), a period and a status when given; without their values.
    /// </summary>
    public static async Task<IReadOnlyList<SubmissionRow>> ListAsync(DbConnection connection, IReadOnlyCollection<string>? units, string? period, string? status,
        long afterId, int take, CancellationToken ct)
    {
        var provider = ProviderOf.Connection(connection);
        var filters = (period is null ? "" : " AND period = @period") + (status is null ? "" : " AND status = @status")
            + (units is null ? "" : " AND " + provider.In("unit_id", "@units"));
        return (await connection.QueryAsync<SubmissionRow>(new CommandDefinition(
            $"""
            SELECT id, unit_id, period, status, created_at, updated_at, updated_by, submitted_at, submitted_by, approved_at, approved_by, status_comment,
                   first_approved_at, changes_since_approval, editable_indicators
            FROM submissions WHERE id > @afterId{filters} ORDER BY id {provider.LimitClause}
            """, new { afterId, period, status, units = units?.ToArray(), take }, cancellationToken: ct))).ToList();
    }

    private const string UpdateApprovalColumns =
        """
        UPDATE submissions SET editable_indicators = @editable, first_approved_at = COALESCE(first_approved_at, @firstApproved)
        WHERE id = @id
        """;

    private const string InsertApproval =
        "INSERT INTO submission_approvals (submission_id, level, status, acted_at, acted_by, reason) VALUES (@id, @level, @status, @at, @by, @reason)";

    /// <summary>The submission of a unit and period with its values; Status is null when there is none.</summary>
    public static async Task<SubmissionState> LoadAsync(DbConnection connection, DbTransaction? transaction, string unitId, string period, CancellationToken ct) =>
        (await LoadManyAsync(connection, transaction, [(unitId, period)], ct))[(unitId, period)];

    /// <summary>The submissions of many units and periods with their values, read in batches of <see cref="BatchSize"/> keys, one query each.</summary>
    public static async Task<Dictionary<(string UnitId, string Period), SubmissionState>> LoadManyAsync(
        DbConnection connection, DbTransaction? transaction, IEnumerable<(string UnitId, string Period)> keys, CancellationToken ct)
    {
        var wanted = keys.Distinct().ToList();
        var rows = new Dictionary<long, SubmissionRow>();
        var values = new Dictionary<long, Dictionary<string, StoredValue>>();
        // Indicator codes and actors repeat on every row: keep one string of each for a load of many thousand values.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Pooled(string text) => pool.TryGetValue(text, out var kept) ? kept : pool[text] = text;
        foreach (var byPeriod in wanted.GroupBy(k => k.Period))
        {
            foreach (var units in byPeriod.Select(k => k.UnitId).Chunk(BatchSize))
            {
                // One read for the submissions and their values: a submission without values comes with nulls.
                await connection.QueryAsync<SubmissionRow, StoredValueRow?, bool>(new CommandDefinition(
                    $"""
                    SELECT s.id, s.unit_id, s.period, s.status, s.created_at, s.updated_at, s.updated_by, s.submitted_at, s.submitted_by,
                           s.approved_at, s.approved_by, s.status_comment, s.first_approved_at, s.changes_since_approval, s.editable_indicators,
                           v.indicator_code AS indicator, v.disaggregation, v.value, v.numerator, v.denominator, v.comment, v.updated_at, v.updated_by
                    FROM submissions s LEFT JOIN data_values v ON v.submission_id = s.id
                    WHERE s.period = @period AND {ProviderOf.Connection(connection).In("s.unit_id", "@units")}
                    """, new { period = byPeriod.Key, units }, transaction, cancellationToken: ct), (row, v) =>
                {
                    rows.TryAdd(row.Id, row);
                    if (v is null) return true;
                    if (!values.TryGetValue(row.Id, out var byIndicator)) values[row.Id] = byIndicator = new(StringComparer.Ordinal);
                    var indicator = Pooled(v.Indicator);
                    byIndicator[StoredValue.Slot(indicator, v.Disaggregation)] = new StoredValue
                    {
                        Indicator = indicator, Disaggregation = Pooled(v.Disaggregation), Value = v.Value, Numerator = v.Numerator, Denominator = v.Denominator, Comment = v.Comment,
                        UpdatedAt = v.UpdatedAt, UpdatedBy = Pooled(v.UpdatedBy),
                    };
                    return true;
                }, splitOn: "indicator");
            }
        }
        var found = rows.Values.ToDictionary(r => (r.UnitId, r.Period));
        var none = new Dictionary<string, StoredValue>(StringComparer.Ordinal);
        return wanted.ToDictionary(k => k, k => found.TryGetValue(k, out var row)
            ? new SubmissionState(row.Id, k.UnitId, k.Period, EnumText.Parse<SubmissionStatus>(row.Status), values.GetValueOrDefault(row.Id) ?? none, row)
            : new SubmissionState(null, k.UnitId, k.Period, null, none, null));
    }

    private sealed class StoredValueRow
    {
        public string Indicator { get; init; } = "";
        public string Disaggregation { get; init; } = "";
        public decimal Value { get; init; }
        public decimal? Numerator { get; init; }
        public decimal? Denominator { get; init; }
        public string? Comment { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string UpdatedBy { get; init; } = "";
    }

    /// <summary>
    /// Saves the submissions of <paramref name="plan"/>: the existing ones one by one, a single new one with an insert
    /// that returns its id, several new ones together in multi-row inserts — a bulk load creates thousands, and a server
    /// engine would pay a round trip for each. Their ids are read back in one query: writers are serialised, so the ids
    /// after the largest one before are theirs.
    /// </summary>
    /// <returns>The id of each written submission, in the plan's order.</returns>
    private static async Task<IReadOnlyList<long>> SaveSubmissionsAsync(WriteSession session, WritePlan plan, CancellationToken ct)
    {
        var ids = new long[plan.Writes.Count];
        var created = Enumerable.Range(0, plan.Writes.Count).Where(w => plan.Writes[w].Submission.Id is null).ToList();
        await using (var saver = new SubmissionSaver(session))
        {
            for (var w = 0; w < plan.Writes.Count; w++)
            {
                var write = plan.Writes[w];
                if (write.Submission.Id is not null || created.Count == 1) ids[w] = await saver.SaveAsync(write.Submission, write.NewStatus, ct, changes: write.Changes.Count);
            }
        }
        if (created.Count <= 1) return ids;

        var (connection, transaction, at, actor) = (session.Connection, session.Transaction, session.At, session.Actor);
        var before = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM submissions", transaction: transaction, cancellationToken: ct)) ?? 0;
        var batch = new RowBatch(session);
        await batch.InsertAsync("submissions", SubmissionColumns, created.Select(w =>
        {
            var (submission, status) = (plan.Writes[w].Submission, plan.Writes[w].NewStatus);
            var submitted = status == SubmissionStatus.Submitted;
            return new object?[] { submission.UnitId, submission.Period, EnumText.Of(status), at, at, actor, submitted ? at : null, submitted ? actor : null };
        }).ToList(), ct);
        await batch.FlushAsync(ct);
        var saved = (await connection.QueryAsync<(long Id, string UnitId, string Period)>(new CommandDefinition(
            "SELECT id, unit_id, period FROM submissions WHERE id > @before", new { before }, transaction, cancellationToken: ct)))
            .ToDictionary(s => (s.UnitId, s.Period), s => s.Id);
        foreach (var w in created) ids[w] = saved[(plan.Writes[w].Submission.UnitId, plan.Writes[w].Submission.Period)];
        return ids;
    }

    private static readonly string[] SubmissionColumns = ["unit_id", "period", "status", "created_at", "updated_at", "updated_by", "submitted_at", "submitted_by"];

    private static async Task<long> SaveSubmissionAsync(WriteSession session,
        SubmissionState submission, SubmissionStatus status, CancellationToken ct, string? comment = null)
    {
        await using var saver = new SubmissionSaver(session);
        return await saver.SaveAsync(submission, status, ct, comment);
    }

    /// <summary>
    /// Saves existing submissions with one command, reused for each: a bulk correction saves thousands, and SQLite would
    /// otherwise parse the statement again for every one. A new one is inserted with its own command (several new ones
    /// go together, see <see cref="SaveSubmissionsAsync"/>).
    /// </summary>
    private sealed class SubmissionSaver(WriteSession session) : IAsyncDisposable
    {
        private DbCommand? _update;

        public async Task<long> SaveAsync(SubmissionState submission, SubmissionStatus status, CancellationToken ct, string? comment = null, int changes = 0)
        {
            var submitted = status == SubmissionStatus.Submitted && submission.Status != SubmissionStatus.Submitted ? 1 : 0;
            var approved = status == SubmissionStatus.Approved ? 1 : 0;
            if (submission.Id is { } id)
            {
                _update ??= Command(UpdateSubmission, ("id", DbType.Int64), ("status", DbType.String), ("at", DbType.String), ("actor", DbType.String),
                    ("comment", DbType.String), ("changes", DbType.Int32), ("submitted", DbType.Int32), ("approved", DbType.Int32));
                Bind(_update, id, EnumText.Of(status), session.At, session.Actor, comment, changes, submitted, approved);
                await _update.ExecuteNonQueryAsync(ct);
                return id;
            }
            await using var insert = Command(session.Provider.InsertReturningId("submissions", "unit_id, period, status, created_at, updated_at, updated_by, submitted_at, submitted_by",
                    "@unitId, @period, @status, @at, @at, @actor, CASE WHEN @submitted = 1 THEN @at END, CASE WHEN @submitted = 1 THEN @actor END"),
                ("unitId", DbType.String), ("period", DbType.String), ("status", DbType.String), ("at", DbType.String), ("actor", DbType.String), ("submitted", DbType.Int32));
            Bind(insert, submission.UnitId, submission.Period, EnumText.Of(status), session.At, session.Actor, submitted);
            return Convert.ToInt64(await insert.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        private DbCommand Command(string sql, params (string Name, DbType Type)[] parameters)
        {
            var command = session.Connection.CreateCommand();
            command.Transaction = session.Transaction;
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                parameter.DbType = type;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        private static void Bind(DbCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        public async ValueTask DisposeAsync()
        {
            if (_update is not null) await _update.DisposeAsync();
        }
    }

    private const string UpdateSubmission =
        """
        UPDATE submissions SET status = @status, updated_at = @at, updated_by = @actor,
            submitted_at = CASE WHEN @submitted = 1 THEN @at ELSE submitted_at END,
            submitted_by = CASE WHEN @submitted = 1 THEN @actor ELSE submitted_by END,
            approved_at = CASE WHEN @approved = 1 THEN @at ELSE NULL END,
            approved_by = CASE WHEN @approved = 1 THEN @actor ELSE NULL END,
            status_comment = CASE WHEN @comment IS NULL THEN status_comment ELSE @comment END,
            changes_since_approval = changes_since_approval + CASE WHEN first_approved_at IS NULL THEN 0 ELSE @changes END
        WHERE id = @id
        """;

    /// <summary>The stored values of <paramref name="indicators"/> for a unit, by <see cref="StoredValue.Slot"/>, in period-end order: the history outliers are judged on.</summary>
    public static async Task<ILookup<string, (Period Period, decimal Value)>> HistoryAsync(DbConnection connection, string unitId, IEnumerable<string> indicators, CancellationToken ct) =>
        (await connection.QueryAsync<(string Indicator, string Disaggregation, string Period, decimal Value)>(new CommandDefinition(
            "SELECT indicator_code, disaggregation, period, value FROM data_values WHERE unit_id = @unitId AND " + ProviderOf.Connection(connection).In("indicator_code", "@indicators") + " ORDER BY period_end",
            new { unitId, indicators = indicators.Distinct().ToList() }, cancellationToken: ct)))
        .ToLookup(h => StoredValue.Slot(h.Indicator, h.Disaggregation), h => (Period.Parse(h.Period), h.Value));

    /// <summary>Gives the submissions the session's actor submitted on creation the submission time <paramref name="at"/> says (the demo's back-dating).</summary>
    /// <returns>How many were stamped.</returns>
    public static async Task<int> RestampSubmittedAsync(WriteSession session, Func<string, Period, DateTimeOffset> at, CancellationToken ct)
    {
        var rows = (await session.Connection.QueryAsync<(long Id, string UnitId, string Period)>(new CommandDefinition(
            "SELECT id, unit_id, period FROM submissions WHERE submitted_by = @actor AND created_at = submitted_at",
            new { actor = session.Actor }, session.Transaction, cancellationToken: ct))).ToList();
        await session.Connection.ExecuteAsync(new CommandDefinition("UPDATE submissions SET submitted_at = @at WHERE id = @Id",
            rows.Select(r => new { r.Id, at = Clock.Stamp(at(r.UnitId, Period.Parse(r.Period))) }), session.Transaction, cancellationToken: ct));
        return rows.Count;
    }

    private static readonly string[] InsertColumns =
        ["indicator_code", "unit_id", "period", "disaggregation", "period_start", "period_end", "value", "numerator", "denominator", "comment", "source", "submission_id", "updated_at", "updated_by"];

    private const string DeleteValue =
        "DELETE FROM data_values WHERE indicator_code = @indicator AND unit_id = @unit AND period = @period AND disaggregation = @disaggregation";

    private const string UpdateValue =
        """
        UPDATE data_values SET value = @value, numerator = @numerator, denominator = @denominator, comment = @comment,
            source = @source, updated_at = @at, updated_by = @actor
        WHERE indicator_code = @indicator AND unit_id = @unit AND period = @period AND disaggregation = @disaggregation
        """;
}

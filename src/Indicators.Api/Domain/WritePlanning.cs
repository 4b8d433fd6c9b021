namespace Indicators.Api.Domain;

/// <summary>A value that passed every check: unit and period resolved, value computed, comment in NFC, disaggregation canonical (<c>""</c> the total).</summary>
public sealed record CheckedValue(
    string Indicator, string UnitId, Period Period, decimal Value, decimal? Numerator, decimal? Denominator, string? Comment, int Index,
    string Disaggregation = "");

/// <summary>What names a stored value (indicator, unit, period, disaggregation), with the comment that explains a change to it.</summary>
public sealed record ValueKey(string Indicator, string UnitId, Period Period, string? Comment, int Index, string Disaggregation = "");

/// <summary>A stored value of a submission.</summary>
public sealed record StoredValue
{
    public required string Indicator { get; init; }
    /// <summary>The canonical disaggregation key; <c>""</c> for the total.</summary>
    public string Disaggregation { get; init; } = "";
    public required decimal Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    public string? Comment { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }

    /// <summary>
    /// What a submission's values are keyed by: the indicator code for a total (no string built for the common case),
    /// the code and the disaggregation otherwise.
    /// </summary>
    public static string Slot(string indicator, string disaggregation) => disaggregation.Length == 0 ? indicator : indicator + "|" + disaggregation;
}

/// <summary>A submission row as stored.</summary>
public sealed record SubmissionRow
{
    public long Id { get; init; }
    public string UnitId { get; init; } = "";
    public string Period { get; init; } = "";
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? SubmittedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? ApprovedBy { get; init; }
    public string? StatusComment { get; init; }
    public DateTimeOffset? FirstApprovedAt { get; init; }
    /// <summary>Value changes since the first approval.</summary>
    public long ChangesSinceApproval { get; init; }
    /// <summary>The indicators a partial return or reopening made editable, comma-separated; null: all of them.</summary>
    public string? EditableIndicators { get; init; }
}

/// <summary>A submission (or its absence: no id, no status) with its values by <see cref="StoredValue.Slot"/>, as a write finds it.</summary>
public sealed record SubmissionState(long? Id, string UnitId, string Period, SubmissionStatus? Status, IReadOnlyDictionary<string, StoredValue> Values, SubmissionRow? Row)
{
    public string? ApprovedBy => Row?.ApprovedBy;

    public string? ApprovedAt => Row?.ApprovedAt is { } at ? Clock.Stamp(at) : null;

    /// <summary>The indicators a partial return or reopening made editable; null when the whole submission is.</summary>
    public IReadOnlyList<string>? Editable => Row?.EditableIndicators?.Split(',');

    /// <summary>Why an approved submission refuses writes: who approved it and when.</summary>
    public string LockedMessage => $"{UnitId} {Period} was approved by {ApprovedBy} at {ApprovedAt}; an administrator must reopen it before it can change.";
}

/// <summary>What a write does with values that exist and values that do not (DHIS2's import strategies).</summary>
public enum WriteMode
{
    /// <summary>Insert new values, update existing ones.</summary>
    Upsert,
    /// <summary>Insert new values; existing ones are ignored.</summary>
    CreateOnly,
    /// <summary>Update existing values; new ones are ignored.</summary>
    UpdateOnly,
}

/// <summary>Why a checked value could not be written: the state of the database refused it.</summary>
public sealed record WriteConflict(int Index, string Field, string Message, bool Locked);

/// <summary>What a write did (or, for a dry run, would do).</summary>
public sealed record WriteResult(int Imported, int Updated, int Unchanged, IReadOnlyList<WriteConflict> Conflicts, IReadOnlySet<int> Written)
{
    /// <summary>Values left alone on purpose: existing ones under <see cref="WriteMode.CreateOnly"/>, new ones under <see cref="WriteMode.UpdateOnly"/>, absent ones for a deletion.</summary>
    public int Ignored { get; init; }

    public int Deleted { get; init; }

    public static WriteResult Refused(IReadOnlyList<WriteConflict> conflicts) => new(0, 0, 0, conflicts, new HashSet<int>());
}

/// <summary>How a write runs.</summary>
/// <param name="LandAs">Save leaves a submission in its status (a new one is a draft); Submit submits it.</param>
/// <param name="Reason">The reason for every change when a value has no comment of its own.</param>
/// <param name="Atomic">When anything conflicts, nothing is written.</param>
public sealed record WriteOptions(SubmissionAction LandAs, string? Reason, bool Atomic, WriteMode Mode = WriteMode.Upsert);

/// <summary>One value to insert (no <paramref name="Before"/>) or update.</summary>
public sealed record ValueChange(CheckedValue Value, StoredValue? Before);

/// <summary>What a write does to one submission: its new status and its changed values.</summary>
public sealed record SubmissionWrite(SubmissionState Submission, SubmissionStatus NewStatus, IReadOnlyList<ValueChange> Changes)
{
    public bool StatusChanges => NewStatus != Submission.Status;

    /// <summary>
    /// The submission as a read after the write finds it, so the writer need not read it back: stored as
    /// <paramref name="id"/> at <paramref name="at"/> (to the millisecond, as stamps are stored) by <paramref name="actor"/>,
    /// each number as the value column gives it back (<paramref name="stored"/>).
    /// </summary>
    public SubmissionState After(long id, DateTimeOffset at, string actor, Func<decimal, decimal> stored)
    {
        var values = new Dictionary<string, StoredValue>(Submission.Values, StringComparer.Ordinal);
        foreach (var (value, _) in Changes)
        {
            values[StoredValue.Slot(value.Indicator, value.Disaggregation)] = new StoredValue
            {
                Indicator = value.Indicator, Disaggregation = value.Disaggregation, Value = stored(value.Value), Numerator = value.Numerator is { } n ? stored(n) : null,
                Denominator = value.Denominator is { } d ? stored(d) : null, Comment = value.Comment, UpdatedAt = at, UpdatedBy = actor,
            };
        }
        var submitted = NewStatus == SubmissionStatus.Submitted && Submission.Status != SubmissionStatus.Submitted;
        var row = Submission.Row ?? new SubmissionRow { Status = "", CreatedAt = at, UpdatedAt = at, UpdatedBy = actor };
        return Submission with
        {
            Id = id, Status = NewStatus, Values = values,
            Row = row with
            {
                Id = id, UnitId = Submission.UnitId, Period = Submission.Period, Status = EnumText.Of(NewStatus), UpdatedAt = at, UpdatedBy = actor,
                SubmittedAt = submitted ? at : row.SubmittedAt, SubmittedBy = submitted ? actor : row.SubmittedBy,
                ApprovedAt = null, ApprovedBy = null,
                ChangesSinceApproval = row.ChangesSinceApproval + (row.FirstApprovedAt is null ? 0 : Changes.Count),
            },
        };
    }
}

/// <summary>A planned write: its counts and conflicts, and the submissions it changes (none when refused).</summary>
public sealed record WritePlan(WriteResult Result, IReadOnlyList<SubmissionWrite> Writes);

/// <summary>One value to delete, with what it was.</summary>
public sealed record ValueDeletion(ValueKey Key, StoredValue Before);

/// <summary>A planned deletion: its counts and conflicts, and the values it removes per submission.</summary>
public sealed record DeletionPlan(WriteResult Result, IReadOnlyList<(SubmissionState Submission, IReadOnlyList<ValueDeletion> Deletions)> Writes);

/// <summary>
/// The rules of a write of reported values, without I/O: approved submissions refuse, a correction of a submitted
/// value needs a reason, DHIS2's strategies ignore existing or new values, an unchanged value is not written, and
/// the submissions touched land in the status the write asks for. The store loads the state, asks for a plan and
/// applies it.
/// </summary>
public static class WritePlanning
{
    /// <param name="submissions">The state of every submission the values name.</param>
    public static WritePlan Plan(IReadOnlyDictionary<(string UnitId, string Period), SubmissionState> submissions, IReadOnlyList<CheckedValue> values, WriteOptions options)
    {
        var conflicts = new List<WriteConflict>();
        var accepted = new List<(SubmissionState Submission, CheckedValue Value, StoredValue? Existing)>();
        var ignored = 0;
        foreach (var value in values)
        {
            var submission = submissions[(value.UnitId, value.Period.Id)];
            var existing = submission.Values.GetValueOrDefault(StoredValue.Slot(value.Indicator, value.Disaggregation));
            if ((options.Mode == WriteMode.CreateOnly && existing is not null) || (options.Mode == WriteMode.UpdateOnly && existing is null))
            {
                ignored++;
                continue;
            }
            var refusal = Refuse(submission, existing, existing is not null && Differs(existing, value), value.Indicator, value.Comment ?? options.Reason, value.Index, "a correction");
            if (refusal is not null) conflicts.Add(refusal);
            else accepted.Add((submission, value, existing));
        }
        if (options.Atomic && conflicts.Count > 0) return new WritePlan(WriteResult.Refused(conflicts), []);

        int imported = 0, updated = 0, unchanged = 0;
        var writes = new List<SubmissionWrite>();
        foreach (var bySubmission in accepted.GroupBy(p => (p.Submission.UnitId, p.Submission.Period)))
        {
            var submission = bySubmission.First().Submission;
            var changes = bySubmission.Where(p => p.Existing is null || Differs(p.Existing, p.Value)).Select(p => new ValueChange(p.Value, p.Existing)).ToList();
            unchanged += bySubmission.Count() - changes.Count;
            imported += changes.Count(c => c.Before is null);
            updated += changes.Count(c => c.Before is not null);
            var submitted = options.LandAs == SubmissionAction.Submit
                ? SubmissionWorkflow.Apply(submission.Status ?? SubmissionStatus.Draft, SubmissionAction.Submit).Next
                : null;
            var newStatus = submitted ?? submission.Status ?? SubmissionStatus.Draft;
            if (changes.Count > 0 || newStatus != submission.Status) writes.Add(new SubmissionWrite(submission, newStatus, changes));
        }
        var result = new WriteResult(imported, updated, unchanged, conflicts, accepted.Select(p => p.Value.Index).ToHashSet()) { Ignored = ignored };
        return new WritePlan(result, writes);
    }

    /// <summary>
    /// Deletes stored values (DHIS2's DELETE strategy): approved submissions refuse, a value that was submitted needs
    /// a reason like any correction, values that do not exist are ignored.
    /// </summary>
    public static DeletionPlan PlanDeletion(IReadOnlyDictionary<(string UnitId, string Period), SubmissionState> submissions, IReadOnlyList<ValueKey> keys, string? reason, bool atomic)
    {
        var conflicts = new List<WriteConflict>();
        var accepted = new List<(SubmissionState Submission, ValueDeletion Deletion)>();
        var ignored = 0;
        foreach (var key in keys)
        {
            var submission = submissions[(key.UnitId, key.Period.Id)];
            if (submission.Values.GetValueOrDefault(StoredValue.Slot(key.Indicator, key.Disaggregation)) is not { } existing)
            {
                ignored++;
                continue;
            }
            var refusal = Refuse(submission, existing, changes: true, key.Indicator, key.Comment ?? reason, key.Index, "a deletion");
            if (refusal is not null) conflicts.Add(refusal);
            else accepted.Add((submission, new ValueDeletion(key, existing)));
        }
        if (atomic && conflicts.Count > 0) return new DeletionPlan(WriteResult.Refused(conflicts), []);
        var writes = accepted.GroupBy(p => (p.Submission.UnitId, p.Submission.Period))
            .Select(g => (g.First().Submission, (IReadOnlyList<ValueDeletion>)g.Select(p => p.Deletion).ToList()))
            .ToList();
        var result = new WriteResult(0, 0, 0, conflicts, accepted.Select(p => p.Deletion.Key.Index).ToHashSet()) { Ignored = ignored, Deleted = accepted.Count };
        return new DeletionPlan(result, writes);
    }

    /// <summary>Why the state of a submission refuses a change: it is approved, or the change corrects a submitted value without a reason.</summary>
    private static WriteConflict? Refuse(SubmissionState submission, StoredValue? existing, bool changes, string indicator, string? reason, int index, string what)
    {
        if (SubmissionWorkflow.Apply(submission.Status, SubmissionAction.Save).Refusal is not null)
        {
            return new WriteConflict(index, "period", submission.LockedMessage, Locked: true);
        }
        // After a return limited to some indicators the others stay as approved; sending them again unchanged is no change.
        if (submission.Editable is { } editable && (existing is null || changes) && !editable.Contains(indicator, StringComparer.Ordinal))
        {
            return new WriteConflict(index, "indicator",
                $"{submission.UnitId} {submission.Period} was returned for {string.Join(", ", editable)} only; {indicator} stays as it was approved.", Locked: true);
        }
        if (existing is not null && changes && SubmissionWorkflow.CorrectionNeedsReason(submission.Status) && string.IsNullOrWhiteSpace(reason))
        {
            return new WriteConflict(index, "comment",
                $"{indicator} for {submission.UnitId} {submission.Period} is {EnumText.Of(submission.Status!.Value)} with {existing.Value}; {what} needs a comment saying why.", Locked: false);
        }
        return null;
    }

    private static bool Differs(StoredValue existing, CheckedValue value) =>
        existing.Value != value.Value || existing.Numerator != value.Numerator || existing.Denominator != value.Denominator || existing.Comment != value.Comment;
}

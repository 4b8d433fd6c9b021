namespace Indicators.Api.Domain;

public enum SubmissionStatus { Draft, Submitted, Approved, Returned }

public enum SubmissionAction { Save, Submit, Approve, Return, Reopen }

/// <summary>
/// The life of a submission (DESIGN §2): draft → submitted → approved (locked) or returned (editable again);
/// an administrator can reopen an approved one, which returns it.
/// </summary>
public static class SubmissionWorkflow
{
    /// <summary>The status after <paramref name="action"/>, or the reason it is not allowed. A null status means no submission yet.</summary>
    public static (SubmissionStatus? Next, string? Refusal) Apply(SubmissionStatus? current, SubmissionAction action) => (current, action) switch
    {
        (SubmissionStatus.Approved, SubmissionAction.Save) => (null, "The submission is approved and locked; an administrator must reopen it first."),
        (null, SubmissionAction.Save) => (SubmissionStatus.Draft, null),
        (_, SubmissionAction.Save) => (current, null),

        (SubmissionStatus.Draft or SubmissionStatus.Returned, SubmissionAction.Submit) => (SubmissionStatus.Submitted, null),
        (null, SubmissionAction.Submit) => (null, "There is nothing to submit: save values first."),
        (_, SubmissionAction.Submit) => (null, $"A {Name(current)} submission cannot be submitted."),

        (SubmissionStatus.Submitted, SubmissionAction.Approve) => (SubmissionStatus.Approved, null),
        (_, SubmissionAction.Approve) => (null, $"Only a submitted submission can be approved; this one is {Name(current)}."),

        (SubmissionStatus.Submitted, SubmissionAction.Return) => (SubmissionStatus.Returned, null),
        (_, SubmissionAction.Return) => (null, $"Only a submitted submission can be returned; this one is {Name(current)}."),

        (SubmissionStatus.Approved, SubmissionAction.Reopen) => (SubmissionStatus.Returned, null),
        (_, SubmissionAction.Reopen) => (null, $"Only an approved submission can be reopened; this one is {Name(current)}."),

        _ => (null, "Unknown action."),
    };

    /// <summary>Changing a value that has left the draft stage is a correction, and a correction needs a reason.</summary>
    public static bool CorrectionNeedsReason(SubmissionStatus? current) => current is SubmissionStatus.Submitted or SubmissionStatus.Returned;

    /// <summary>
    /// The statuses whose values reports count when <paramref name="minimum"/> is the lowest a deployment counts: a draft
    /// is its submitter's own until submitted, and a returned submission is back with its submitter for correction.
    /// </summary>
    public static IReadOnlyList<SubmissionStatus> CountedInReports(SubmissionStatus minimum) => minimum switch
    {
        SubmissionStatus.Draft => [SubmissionStatus.Draft, SubmissionStatus.Submitted, SubmissionStatus.Approved, SubmissionStatus.Returned],
        SubmissionStatus.Submitted => [SubmissionStatus.Submitted, SubmissionStatus.Approved],
        SubmissionStatus.Approved => [SubmissionStatus.Approved],
        _ => throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The lowest status reports count is draft, submitted or approved."),
    };

    private static string Name(SubmissionStatus? status) => status is null ? "missing" : EnumText.Of(status.Value);
}

namespace Indicators.Api.Domain.Tasks;

/// <summary>Where a task stands; "overdue" is not a state but computed from the due date on a given day.</summary>
public enum TaskState { NotStarted, InProgress, Done }

/// <summary>A requested change of a task's state, with the evidence of a completion or the reason of a reopening.</summary>
public sealed record TaskStatusChange(TaskState To, string? EvidenceNumber, DateOnly? EvidenceDate, string? Note);

/// <summary>Why a change of state is refused: a field of the request that is wrong (400), or a step the workflow does not take (409).</summary>
public sealed record TaskStatusRefusal(string? Field, string Message)
{
    public bool IsConflict => Field is null;
}

/// <summary>
/// The steps a task takes: not started → in progress → done, or straight to done; done needs the evidence document's
/// number and date; reopening a done task needs a reason. A recurring task may be done again: each time is the report of
/// another year. Nothing goes back to "not started".
/// </summary>
public static class TaskWorkflow
{
    public static TaskStatusRefusal? Check(TaskState from, TaskStatusChange change, bool recurring, DateOnly issuedOn, DateOnly today)
    {
        if (change.To == TaskState.Done)
        {
            if (string.IsNullOrWhiteSpace(change.EvidenceNumber)) return new("evidenceNumber", "A done task names the number of the document that shows it (e.g. 123/BC-SYT).");
            if (change.EvidenceDate is not { } date) return new("evidenceDate", "A done task gives the date of its evidence document.");
            if (date > today) return new("evidenceDate", $"evidenceDate {date:yyyy-MM-dd} is in the future.");
            if (date < issuedOn) return new("evidenceDate", $"evidenceDate {date:yyyy-MM-dd} is before the task's document ({issuedOn:yyyy-MM-dd}).");
        }
        else if (change.EvidenceNumber is not null || change.EvidenceDate is not null)
        {
            return new("evidenceNumber", "Evidence is given only with status done.");
        }
        return (from, change.To) switch
        {
            (TaskState.Done, TaskState.Done) when recurring => null,
            (TaskState.Done, TaskState.InProgress) when string.IsNullOrWhiteSpace(change.Note) => new("note", "Reopening a done task needs a reason in note."),
            _ when from == change.To => new(null, $"The task is already {EnumText.Of(from)}."),
            (_, TaskState.NotStarted) => new(null, $"A task that is {EnumText.Of(from)} does not go back to notStarted."),
            _ => null,
        };
    }

    /// <summary>How many yearly reports a recurring task has after the change: a done adds one, reopening a done task takes it back.</summary>
    public static int ReportsAfter(TaskState from, TaskState to, int reports) => (from, to) switch
    {
        (_, TaskState.Done) => reports + 1,
        (TaskState.Done, _) => Math.Max(0, reports - 1),
        _ => reports,
    };
}

using Indicators.Api.Domain.Tasks;

namespace Indicators.Tests.Domain.Tasks;

public class TaskWorkflowTests
{
    private static readonly DateOnly Issued = Day.Of("2024-05-22");
    private static readonly DateOnly Today = Day.Of("2025-07-15");

    // from, to, recurring, evidence number, evidence date, note → refused field ("" = allowed, "conflict" = a step not taken)
    [TestCase(TaskState.NotStarted, TaskState.InProgress, false, null, null, null, "")]
    [TestCase(TaskState.NotStarted, TaskState.Done, false, "12/BC-SYT", "2025-07-01", null, "")]
    [TestCase(TaskState.InProgress, TaskState.Done, false, "12/BC-SYT", "2025-07-15", null, "")]
    [TestCase(TaskState.Done, TaskState.InProgress, false, null, null, "báo cáo bị trả lại", "")]
    [TestCase(TaskState.Done, TaskState.Done, true, "13/BC-SYT", "2025-07-10", null, "")]
    [TestCase(TaskState.Done, TaskState.Done, false, "13/BC-SYT", "2025-07-10", null, "conflict")]
    [TestCase(TaskState.InProgress, TaskState.InProgress, false, null, null, null, "conflict")]
    [TestCase(TaskState.NotStarted, TaskState.NotStarted, false, null, null, null, "conflict")]
    [TestCase(TaskState.InProgress, TaskState.NotStarted, false, null, null, null, "conflict")]
    [TestCase(TaskState.Done, TaskState.NotStarted, false, null, null, "x", "conflict")]
    [TestCase(TaskState.Done, TaskState.InProgress, false, null, null, "  ", "note")]
    [TestCase(TaskState.InProgress, TaskState.Done, false, null, "2025-07-01", null, "evidenceNumber")]
    [TestCase(TaskState.InProgress, TaskState.Done, false, " ", "2025-07-01", null, "evidenceNumber")]
    [TestCase(TaskState.InProgress, TaskState.Done, false, "12/BC-SYT", null, null, "evidenceDate")]
    [TestCase(TaskState.InProgress, TaskState.Done, false, "12/BC-SYT", "2025-07-16", null, "evidenceDate")]
    [TestCase(TaskState.InProgress, TaskState.Done, false, "12/BC-SYT", "2024-05-21", null, "evidenceDate")]
    [TestCase(TaskState.NotStarted, TaskState.InProgress, false, "12/BC-SYT", null, null, "evidenceNumber")]
    public void Takes_only_the_workflow_steps(TaskState from, TaskState to, bool recurring, string? number, string? date, string? note, string refused)
    {
        var refusal = TaskWorkflow.Check(from, new TaskStatusChange(to, number, date is null ? null : Day.Of(date), note), recurring, Issued, Today);
        var outcome = refusal is null ? "" : refusal.IsConflict ? "conflict" : refusal.Field;
        Assert.That(outcome, Is.EqualTo(refused), refusal?.Message);
    }

    // from, to, reports before → reports after
    [TestCase(TaskState.InProgress, TaskState.Done, 0, 1)]
    [TestCase(TaskState.Done, TaskState.Done, 1, 2)]
    [TestCase(TaskState.Done, TaskState.InProgress, 2, 1)]
    [TestCase(TaskState.NotStarted, TaskState.InProgress, 0, 0)]
    public void Counts_the_yearly_reports(TaskState from, TaskState to, int before, int after) =>
        Assert.That(TaskWorkflow.ReportsAfter(from, to, before), Is.EqualTo(after));
}

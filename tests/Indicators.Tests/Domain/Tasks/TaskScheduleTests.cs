using Indicators.Api.Domain.Tasks;

namespace Indicators.Tests.Domain.Tasks;

public class TaskScheduleTests
{
    private static readonly (int, int) December15 = (12, 15);

    // 2024-06-30 is a Sunday; 2025-04-30, 2025-05-01 and 2025-05-02 are holidays (a Wednesday to a Friday).
    private static readonly HashSet<DateOnly> Holidays = [Day.Of("2025-04-30"), Day.Of("2025-05-01"), Day.Of("2025-05-02"), Day.Of("2024-12-16")];

    // due date, day judged on → overdue, working days late
    [TestCase("2024-06-28", "2024-06-28", false, 0)]  // Friday, on the day
    [TestCase("2024-06-28", "2024-06-29", true, 0)]   // the weekend after: overdue, no working day late yet
    [TestCase("2024-06-28", "2024-07-01", true, 1)]
    [TestCase("2024-06-30", "2024-07-01", false, 0)]  // a Sunday deadline moves to Monday
    [TestCase("2024-06-30", "2024-07-02", true, 1)]
    [TestCase("2025-04-30", "2025-05-04", false, 0)]  // holidays then a weekend: the deadline is Monday 5 May
    [TestCase("2025-04-30", "2025-05-05", false, 0)]
    [TestCase("2025-04-30", "2025-05-06", true, 1)]
    [TestCase("2025-04-29", "2025-05-05", true, 1)]   // late over three holidays and a weekend: one working day
    [TestCase("2024-12-15", "2024-12-16", false, 0)]  // Sunday, then a holiday Monday: Tuesday 17
    [TestCase("2024-12-15", "2024-12-18", true, 1)]
    [TestCase("2025-06-30", "2025-07-31", true, 23)]
    public void Judges_deadlines_in_working_days(string due, string on, bool overdue, int late)
    {
        Assert.That(TaskSchedule.IsOverdue(Day.Of(due), Day.Of(on), Holidays), Is.EqualTo(overdue));
        Assert.That(TaskSchedule.WorkingDaysLate(Day.Of(due), Day.Of(on), Holidays), Is.EqualTo(late));
    }

    [Test]
    public void Nothing_pending_is_never_overdue() =>
        Assert.That(TaskSchedule.IsOverdue(null, Day.Of("2100-01-01"), Holidays), Is.False);

    // written time, document date, state, yearly reports done → the due date the task waits for
    [TestCase("Quý II năm 2024", "2024-05-22", TaskState.NotStarted, 0, "2024-06-30")]
    [TestCase("Quý II năm 2024", "2024-05-22", TaskState.InProgress, 0, "2024-06-30")]
    [TestCase("Quý II năm 2024", "2024-05-22", TaskState.Done, 1, null)]
    [TestCase("Trước ngày 01/7/2025", "2024-05-22", TaskState.NotStarted, 0, "2025-06-30")]
    [TestCase("", "2025-07-17", TaskState.NotStarted, 0, null)]
    [TestCase("Nhiệm vụ thường xuyên", "2024-05-22", TaskState.NotStarted, 0, "2024-12-15")]  // first report in the document's year
    [TestCase("Nhiệm vụ thường xuyên", "2024-05-22", TaskState.Done, 1, "2025-12-15")]       // reported once: waits for the next year
    [TestCase("Nhiệm vụ thường xuyên", "2024-05-22", TaskState.Done, 2, "2026-12-15")]
    [TestCase("Nhiệm vụ thường xuyên", "2024-12-20", TaskState.NotStarted, 0, "2025-12-15")] // issued after the year's deadline
    [TestCase("Từ năm 2026", "2024-05-22", TaskState.NotStarted, 0, "2026-12-15")]
    [TestCase("Từ năm 2026", "2024-05-22", TaskState.InProgress, 1, "2027-12-15")]
    public void Knows_what_a_task_waits_for(string dueText, string issuedOn, TaskState state, int reports, string? expected)
    {
        Assert.That(TaskDue.TryParse(dueText, out var due, out _), Is.True);
        var pending = TaskSchedule.Pending(due, Day.Of(issuedOn), state, reports, December15);
        Assert.That(pending, Is.EqualTo(expected is null ? null : Day.Of(expected)));
    }

    [Test]
    public void A_later_reporting_deadline_moves_the_yearly_reports()
    {
        Assert.That(TaskDue.TryParse("Nhiệm vụ thường xuyên", out var due, out _), Is.True);
        Assert.That(TaskSchedule.Pending(due, Day.Of("2024-05-22"), TaskState.NotStarted, 0, (12, 31)), Is.EqualTo(Day.Of("2024-12-31")));
    }
}

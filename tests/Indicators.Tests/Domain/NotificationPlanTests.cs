using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;

namespace Indicators.Tests.Domain;

public sealed class NotificationPlanTests
{
    private static readonly UnitVersion QuangNgai = new("51@2025-07-01", "51", "Quảng Ngãi", UnitLevel.Province, "VN", new DateOnly(2025, 7, 1), null, null);
    private static readonly HashSet<DateOnly> NoHolidays = [];

    private static DateOnly Day(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    [TestCase(1, 30, 3600, 30)]
    [TestCase(2, 30, 3600, 60)]
    [TestCase(5, 30, 3600, 480)]
    [TestCase(8, 30, 3600, 3600, TestName = "capped")]
    [TestCase(200, 30, 3600, 3600, TestName = "no overflow after many failures")]
    public void Retries_back_off_exponentially(int failures, double first, double most, double expected) =>
        Assert.That(NotificationPlan.Backoff(failures, TimeSpan.FromSeconds(first), TimeSpan.FromSeconds(most)), Is.EqualTo(TimeSpan.FromSeconds(expected)));

    // 2025Q3 ends Tuesday 30 September; 25 working days later (no holidays) is Tuesday 4 November.
    [TestCase("2025-10-27", new string[0], TestName = "more than 5 working days before the deadline: nothing")]
    [TestCase("2025-10-28", new[] { "reportDue:51@2025-07-01/2025Q3" }, TestName = "5 working days before: due")]
    [TestCase("2025-11-04", new[] { "reportDue:51@2025-07-01/2025Q3" }, TestName = "on the deadline: due")]
    [TestCase("2025-11-05", new[] { "reportOverdue:51@2025-07-01/2025Q3" }, TestName = "the day after: overdue")]
    [TestCase("2026-02-03", new string[0], TestName = "overdue for more than 90 days: no longer announced")]
    public void Reports_due_and_overdue(string today, string[] expected) =>
        Assert.That(NotificationPlan.Reports([QuangNgai], (_, period) => period != "2025Q3", NoHolidays, Day(today), 25, 5).Select(d => d.Key), Is.EqualTo(expected));

    [Test]
    public void A_submitted_report_is_not_announced() =>
        Assert.That(NotificationPlan.Reports([QuangNgai], (_, _) => true, NoHolidays, Day("2025-11-05"), 25, 5), Is.Empty);

    [Test]
    public void A_holiday_moves_the_deadline()
    {
        // 3 November a holiday: the 25th working day is Wednesday 5 November, so the 5th is still "due".
        var keys = NotificationPlan.Reports([QuangNgai], (_, period) => period != "2025Q3", new HashSet<DateOnly> { Day("2025-11-03") }, Day("2025-11-05"), 25, 5);
        Assert.That(keys.Single().DueDate, Is.EqualTo(Day("2025-11-05")));
    }

    private static PlanTask Task(string dueText, TaskState status = TaskState.NotStarted) => new(7,
        new PlanTaskDefinition("Kế hoạch thử", Day("2025-01-02"), "51@2025-07-01", null, "1", "Nhiệm vụ.", ["SO_Y_TE"], [], null, dueText, null, null, []),
        status, null, null, 0, 1);

    [TestCase("Trước ngày 16/11/2025", "2025-11-10", "taskDue:7/2025-11-17", TestName = "a deadline on a Saturday moves to Monday, within 5 working days")]
    [TestCase("Trước ngày 16/11/2025", "2025-11-01", null, TestName = "too early")]
    [TestCase("Trước ngày 16/11/2025", "2025-11-18", null, TestName = "past: the overdue task list tells it")]
    public void Tasks_due(string dueText, string today, string? expected) =>
        Assert.That(NotificationPlan.Tasks([Task(dueText)], NoHolidays, (12, 15), Day(today), 5).SingleOrDefault()?.Key, Is.EqualTo(expected));

    [Test]
    public void A_done_task_is_not_announced() =>
        Assert.That(NotificationPlan.Tasks([Task("Trước ngày 16/11/2025", TaskState.Done)], NoHolidays, (12, 15), Day("2025-11-10"), 5), Is.Empty);
}

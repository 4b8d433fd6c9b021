using System.Globalization;
using Indicators.Api.Domain.Tasks;

namespace Indicators.Api.Domain;

/// <summary>What a notification tells.</summary>
public enum NotificationKind { Returned, Approved, ReportDue, ReportOverdue, TaskDue }

/// <summary>A notification to write; <see cref="Key"/> makes it once only (a second write of the same key is skipped).</summary>
public sealed record NotificationDraft(NotificationKind Kind, string Unit, string? Period, long? TaskId, DateOnly? DueDate, string Message, string Key);

/// <summary>A notification as stored: its id is the keyset of the outbox and the delivery id of the webhook.</summary>
public sealed record Notification(long Id, NotificationKind Kind, string Unit, string? Period, long? TaskId, DateOnly? DueDate, string Message,
    DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The notifications that follow from deadlines: reports due soon or overdue, tasks due soon; and the webhook's retry delays.</summary>
public static class NotificationPlan
{
    /// <summary>How far back an unsent report is still announced as overdue: a service started late does not flood the outbox with old periods.</summary>
    public const int OverdueLookbackDays = 90;

    private static readonly PeriodKind[] ReportedKinds = [PeriodKind.Quarter, PeriodKind.HalfYear, PeriodKind.Year];

    /// <summary>
    /// For each unit and each quarter, half year and year that has ended and is not submitted (<paramref name="submitted"/>):
    /// "due" when its deadline (<paramref name="workingDays"/> after its end) is at most <paramref name="dueInWorkingDays"/>
    /// working days ahead, "overdue" once it has passed (for deadlines of the last <see cref="OverdueLookbackDays"/> days).
    /// </summary>
    public static IEnumerable<NotificationDraft> Reports(IEnumerable<UnitVersion> units, Func<string, string, bool> submitted, IReadOnlySet<DateOnly> holidays,
        DateOnly today, int workingDays, int dueInWorkingDays)
    {
        var horizon = WorkingDays.DueDate(today, dueInWorkingDays, holidays);
        var periods = new[] { today.Year - 1, today.Year }
            .SelectMany(y => ReportedKinds.SelectMany(k => Period.InYear(y, k)))
            .Where(p => p.End < today)
            .Select(p => (Period: p, Due: WorkingDays.DueDate(p.End, workingDays, holidays)))
            .Where(p => p.Due <= horizon && p.Due >= today.AddDays(-OverdueLookbackDays))
            .ToList();
        foreach (var unit in units.OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            foreach (var (period, due) in periods.Where(p => !submitted(unit.Id, p.Period.Id)))
            {
                var overdue = today > due;
                var kind = overdue ? NotificationKind.ReportOverdue : NotificationKind.ReportDue;
                var message = overdue
                    ? $"Báo cáo kỳ {period.Id} của {unit.NameVi} đã quá hạn (hạn {Clock.Date(due)})."
                    : $"Báo cáo kỳ {period.Id} của {unit.NameVi} đến hạn ngày {Clock.Date(due)}.";
                yield return new NotificationDraft(kind, unit.Id, period.Id, null, due, message, $"{EnumText.Of(kind)}:{unit.Id}/{period.Id}");
            }
        }
    }

    /// <summary>Tasks not done whose deadline is from today to <paramref name="dueInWorkingDays"/> working days ahead; once per task and due date.</summary>
    public static IEnumerable<NotificationDraft> Tasks(IEnumerable<PlanTask> tasks, IReadOnlySet<DateOnly> holidays, (int Month, int Day) yearlyReport,
        DateOnly today, int dueInWorkingDays)
    {
        var horizon = WorkingDays.DueDate(today, dueInWorkingDays, holidays);
        foreach (var task in tasks)
        {
            var d = task.Definition;
            if (TaskSchedule.Pending(d.Due, d.IssuedOn, task.Status, task.ReportsDone, yearlyReport) is not { } due) continue;
            var deadline = TaskSchedule.Deadline(due, holidays);
            if (deadline < today || deadline > horizon) continue;
            yield return new NotificationDraft(NotificationKind.TaskDue, d.Unit, null, task.Id, deadline,
                $"Nhiệm vụ {d.Item} ({d.Source}) đến hạn ngày {Clock.Date(deadline)}.",
                string.Create(CultureInfo.InvariantCulture, $"taskDue:{task.Id}/{Clock.Date(deadline)}"));
        }
    }

    /// <summary>The wait before the next delivery attempt: doubling from <paramref name="first"/> after each failure, at most <paramref name="most"/>.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan most)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failures);
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        return TimeSpan.FromTicks((long)Math.Min(most.Ticks, first.Ticks * factor));
    }
}

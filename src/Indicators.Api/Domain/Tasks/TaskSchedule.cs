namespace Indicators.Api.Domain.Tasks;

/// <summary>
/// When a task is due and whether it is overdue. A deadline that falls on a weekend or a holiday moves to the next
/// working day (Bộ luật Dân sự 2015, Điều 148); a task is overdue from the working day after its deadline.
/// A recurring task owes one report a year, by the province's yearly reporting deadline; its k-th report covers its
/// k-th year, so the year it waits for is the first one without a report.
/// </summary>
public static class TaskSchedule
{
    /// <summary>The due date the task waits for: null when it has none or is done (a recurring task always waits for its next report).</summary>
    /// <param name="reportsDone">For a recurring task, how many of its yearly reports are done.</param>
    /// <param name="yearlyReport">The month and day of the province's yearly reporting deadline.</param>
    public static DateOnly? Pending(TaskDue due, DateOnly issuedOn, TaskState state, int reportsDone, (int Month, int Day) yearlyReport)
    {
        if (!due.IsRecurring) return state == TaskState.Done ? null : due.Date;
        DateOnly ReportDue(int year) => new(year, yearlyReport.Month, yearlyReport.Day);
        // An ongoing task reports from the year of its document, or from the next year when the document came after that year's deadline.
        var first = due.Kind == DueKind.FromYearRecurring ? due.RecursFromYear!.Value
            : ReportDue(issuedOn.Year) < issuedOn ? issuedOn.Year + 1 : issuedOn.Year;
        return ReportDue(first + reportsDone);
    }

    /// <summary>The last day the work is on time: the due date, or the next working day when the due date is not one.</summary>
    public static DateOnly Deadline(DateOnly due, IReadOnlySet<DateOnly> holidays)
    {
        var day = due;
        while (!WorkingDays.IsWorkingDay(day, holidays)) day = day.AddDays(1);
        return day;
    }

    public static bool IsOverdue(DateOnly? pending, DateOnly on, IReadOnlySet<DateOnly> holidays) =>
        pending is { } due && on > Deadline(due, holidays);

    /// <summary>The working days from the deadline to <paramref name="on"/> (0 while not overdue): how late the task is.</summary>
    public static int WorkingDaysLate(DateOnly? pending, DateOnly on, IReadOnlySet<DateOnly> holidays)
    {
        if (!IsOverdue(pending, on, holidays)) return 0;
        var late = 0;
        for (var day = Deadline(pending!.Value, holidays).AddDays(1); day <= on; day = day.AddDays(1))
        {
            if (WorkingDays.IsWorkingDay(day, holidays)) late++;
        }
        return late;
    }
}

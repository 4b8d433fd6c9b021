namespace Indicators.Api.Domain;

/// <summary>Reporting due dates (Thông tư 37/2019/TT-BYT): a number of working days after a period ends, skipping weekends and holidays.</summary>
public static class WorkingDays
{
    /// <summary>The <paramref name="count"/>-th working day after <paramref name="periodEnd"/>; with 0, the period end itself.</summary>
    public static DateOnly DueDate(DateOnly periodEnd, int count, IReadOnlySet<DateOnly> holidays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = periodEnd;
        for (var left = count; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day, holidays)) left--;
        }
        return day;
    }

    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);
}

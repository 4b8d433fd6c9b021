using System.Globalization;

namespace Indicators.Api.Features.Tasks;

/// <summary>The <c>Tasks</c> configuration section.</summary>
public sealed class TaskOptions
{
    public const string Section = "Tasks";

    /// <summary>The province's yearly reporting deadline (MM-dd): ongoing and recurring tasks report on their year by it.</summary>
    public string YearlyReportDeadline { get; set; } = "12-15";

    /// <summary>The deadline as a month and a day; null when it is not one (29 February is not: it is not in every year).</summary>
    public (int Month, int Day)? YearlyReport =>
        DateOnly.TryParseExact("2001-" + YearlyReportDeadline, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? (d.Month, d.Day) : null;
}

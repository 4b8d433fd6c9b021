using System.Globalization;
using System.Text.RegularExpressions;

namespace Indicators.Api.Domain.Tasks;

/// <summary>How a task's completion time is written.</summary>
public enum DueKind
{
    /// <summary>"Quý II năm 2024", "Quý IV/2024": by the quarter's last day.</summary>
    Quarter,
    /// <summary>"Trước ngày 01/7/2025": by the day before.</summary>
    ByDate,
    /// <summary>"trong năm 2025", "đến năm 2030": by 31 December.</summary>
    WithinYear,
    /// <summary>"Từ năm 2026": every year from that year on.</summary>
    FromYearRecurring,
    /// <summary>"Nhiệm vụ thường xuyên": an ongoing task, reported on every year.</summary>
    OngoingYearlyReport,
    /// <summary>No completion time.</summary>
    None,
}

/// <summary>A completion time as written, parsed: one due date, or a yearly recurrence, or none.</summary>
public sealed partial record TaskDue(DueKind Kind, DateOnly? Date, int? RecursFromYear)
{
    public static readonly TaskDue NoDue = new(DueKind.None, null, null);

    public bool IsRecurring => Kind is DueKind.FromYearRecurring or DueKind.OngoingYearlyReport;

    /// <summary>Reads the completion time of a task as the documents write it; an empty text has none.</summary>
    public static bool TryParse(string? text, out TaskDue due, out string? error)
    {
        due = NoDue;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        // Folded (lower case, no accents), so "Quý", "quý" and "Quy" read alike.
        var folded = Spaces().Replace(TextFold.Fold(text).Trim(), " ");
        if (folded.Contains("thuong xuyen", StringComparison.Ordinal))
        {
            due = new TaskDue(DueKind.OngoingYearlyReport, null, null);
            return true;
        }
        if (FromYear().Match(folded) is { Success: true } from && Year(from.Groups["y"].Value) is { } first)
        {
            due = new TaskDue(DueKind.FromYearRecurring, null, first);
            return true;
        }
        if (Before().Match(folded) is { Success: true } before)
        {
            if (Year(before.Groups["y"].Value) is { } y
                && DateOnly.TryParseExact($"{y:D4}-{int.Parse(before.Groups["m"].Value, CultureInfo.InvariantCulture):D2}-{int.Parse(before.Groups["d"].Value, CultureInfo.InvariantCulture):D2}",
                    "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var limit))
            {
                // "Trước ngày d": the work must be done by the day before d.
                due = new TaskDue(DueKind.ByDate, limit.AddDays(-1), null);
                return true;
            }
            error = $"'{text}' names a date that does not exist (or a year outside 2000–2100).";
            return false;
        }
        if (QuarterOf().Match(folded) is { Success: true } quarter && Year(quarter.Groups["y"].Value) is { } qy)
        {
            var q = quarter.Groups["q"].Value switch { "i" or "1" => 1, "ii" or "2" => 2, "iii" or "3" => 3, _ => 4 };
            due = new TaskDue(DueKind.Quarter, new DateOnly(qy, q * 3, 1).AddMonths(1).AddDays(-1), null);
            return true;
        }
        if (WithinYear().Match(folded) is { Success: true } within && Year(within.Groups["y"].Value) is { } wy)
        {
            due = new TaskDue(DueKind.WithinYear, new DateOnly(wy, 12, 31), null);
            return true;
        }
        error = $"No completion time can be read from '{text}'; write it as the documents do: 'Quý II năm 2024', 'Quý IV/2024', "
            + "'Trước ngày 01/7/2025', 'trong năm 2025', 'đến năm 2030', 'Từ năm 2026' or 'Nhiệm vụ thường xuyên'.";
        return false;
    }

    private static int? Year(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^tu nam (?<y>\d{4})$")]
    private static partial Regex FromYear();

    [GeneratedRegex(@"^truoc ngay (?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})$")]
    private static partial Regex Before();

    [GeneratedRegex(@"^quy (?<q>iv|i{1,3}|[1-4]) ?(nam |/ ?)(?<y>\d{4})$")]
    private static partial Regex QuarterOf();

    [GeneratedRegex(@"^((hoan thanh|phan dau) )?(trong|den) nam (?<y>\d{4})$")]
    private static partial Regex WithinYear();
}

using System.Globalization;
using CsvHelper;
using Indicators.Api.Domain.Tasks;

namespace Indicators.Tests.Domain.Tasks;

public class TaskDueTests
{
    // text as written → kind, due date, first year of a recurrence
    [TestCase("Quý II năm 2024", DueKind.Quarter, "2024-06-30", null)]
    [TestCase("Quý IV/2024", DueKind.Quarter, "2024-12-31", null)]
    [TestCase("Quý III/2024", DueKind.Quarter, "2024-09-30", null)]
    [TestCase("quý I năm 2025", DueKind.Quarter, "2025-03-31", null)]
    [TestCase("Quý 2/2025", DueKind.Quarter, "2025-06-30", null)]
    [TestCase("Quy IV / 2025", DueKind.Quarter, "2025-12-31", null)]
    [TestCase("Trước ngày 01/7/2025", DueKind.ByDate, "2025-06-30", null)]
    [TestCase("trước ngày 1/1/2026", DueKind.ByDate, "2025-12-31", null)]
    [TestCase("Trước ngày 01/03/2024", DueKind.ByDate, "2024-02-29", null)]
    [TestCase("hoàn thành trong năm 2025", DueKind.WithinYear, "2025-12-31", null)]
    [TestCase("trong năm 2025", DueKind.WithinYear, "2025-12-31", null)]
    [TestCase("đến năm 2030", DueKind.WithinYear, "2030-12-31", null)]
    [TestCase("phấn đấu đến năm 2030", DueKind.WithinYear, "2030-12-31", null)]
    [TestCase("Từ năm 2026", DueKind.FromYearRecurring, null, 2026)]
    [TestCase("  từ   năm 2027 ", DueKind.FromYearRecurring, null, 2027)]
    [TestCase("Nhiệm vụ thường xuyên", DueKind.OngoingYearlyReport, null, null)]
    [TestCase("Thường xuyên", DueKind.OngoingYearlyReport, null, null)]
    [TestCase("", DueKind.None, null, null)]
    [TestCase("   ", DueKind.None, null, null)]
    [TestCase(null, DueKind.None, null, null)]
    public void Reads_the_completion_time_as_written(string? text, DueKind kind, string? date, int? fromYear)
    {
        Assert.That(TaskDue.TryParse(text, out var due, out var error), Is.True, error);
        Assert.That(due, Is.EqualTo(new TaskDue(kind, date is null ? null : Day.Of(date), fromYear)));
    }

    // NFD input (as some keyboards send it) reads like NFC.
    [Test]
    public void Reads_decomposed_text() =>
        Assert.That(TaskDue.TryParse("Quý II năm 2024".Normalize(System.Text.NormalizationForm.FormD), out var due, out _) && due.Date == Day.Of("2024-06-30"), Is.True);

    [TestCase("Trước ngày 31/2/2025")]
    [TestCase("Trước ngày 01/13/2025")]
    [TestCase("Quý V/2024")]
    [TestCase("Quý II năm 1990")]
    [TestCase("Từ năm 3000")]
    [TestCase("Khẩn trương")]
    [TestCase("2025")]
    [TestCase("Quý II năm 2024; DROP TABLE tasks")]
    public void Refuses_what_it_cannot_read(string text)
    {
        Assert.That(TaskDue.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(text.Trim()[..Math.Min(text.Length, 10)]));
    }

    /// <summary>Every seeded task: the parse of its written time agrees with the kind, date and year recorded beside it.</summary>
    [Test]
    public void Agrees_with_every_seeded_task()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "seeds", "tasks.csv"));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.That(rows, Has.Count.EqualTo(29));
        foreach (var row in rows)
        {
            var where = $"{row["source"]} {row["part"]} {row["item"]}: '{row["due_text"]}'";
            Assert.That(TaskDue.TryParse((string)row["due_text"], out var due, out var error), Is.True, where + " " + error);
            var kind = Enum.Parse<DueKind>(((string)row["due_kind"]).Replace("_", ""), ignoreCase: true);
            var date = (string)row["due_date"] is { Length: > 0 } d ? Day.Of(d) : (DateOnly?)null;
            var year = (string)row["recurs_from_year"] is { Length: > 0 } y ? int.Parse(y, CultureInfo.InvariantCulture) : (int?)null;
            Assert.That(due, Is.EqualTo(new TaskDue(kind, date, year)), where);
        }
    }
}

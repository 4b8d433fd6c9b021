using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public sealed class ExplanationsTests
{
    private static Explanation Of(int year) =>
        new(year, new ExplanationDefinition(1, "51@2025-07-01", year, "staffShortage", "Thiếu bác sĩ.", null, null, null, ExplanationStatus.Open), 1, DateTimeOffset.UnixEpoch, "test");

    [TestCase(new int[0], 2030, "2027-06-30", null, TestName = "none")]
    [TestCase(new[] { 2025 }, 2025, "2026-03-01", 2025, TestName = "the target year's, judged after it")]
    [TestCase(new[] { 2025, 2026 }, 2030, "2027-01-15", 2026, TestName = "the latest year before a later target year")]
    [TestCase(new[] { 2025, 2027 }, 2030, "2026-12-31", 2025, TestName = "not a year after the as-of year")]
    [TestCase(new[] { 2025, 2026 }, 2025, "2027-01-01", 2025, TestName = "not a year after the target year")]
    [TestCase(new[] { 2028 }, 2030, "2026-05-01", null, TestName = "only later years")]
    public void The_explanation_a_row_shows(int[] years, int targetYear, string asOf, int? expected) =>
        Assert.That(Explanations.Current(years.Select(Of), targetYear, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture))?.Definition.Year, Is.EqualTo(expected));
}

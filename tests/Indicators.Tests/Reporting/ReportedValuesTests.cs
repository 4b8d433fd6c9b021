using Indicators.Api.Domain;
using Indicators.Api.Reporting;

namespace Indicators.Tests.Reporting;

/// <summary>The packed values give back exactly the decimals they were given: digits, sign and scale (the scale shows in JSON), in period order.</summary>
public sealed class ReportedValuesTests
{
    private static readonly SeriesKey Key = new("DOCTORS_PER_10K", "51", "");

    private static readonly decimal[] Decimals =
    [
        0m, 0.0m, -0m, 1m, -1m, 1.50m, 12.500000m, -0.000001m, 9999999999999.999999m, -9999999999999.999999m,
        ulong.MaxValue, -(decimal)ulong.MaxValue, (decimal)ulong.MaxValue + 1, decimal.MaxValue, decimal.MinValue,
        0.0000000000000000000000000001m, 79228162514264337593543950335m / 1e10m,
        (decimal)0.1, (decimal)1.0 / 3, (decimal)123456.789012345, (decimal)1e-20, (decimal)1.5e19, (decimal)2e19, (decimal)double.Epsilon,
    ];

    private static IEnumerable<decimal> Cases() => Decimals;

    [TestCaseSource(nameof(Cases))]
    public void A_value_numerator_and_denominator_come_back_exactly(decimal value)
    {
        var builder = new ReportedValues.Builder();
        builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse("2025Q3"), value, value, -value);

        var read = builder.Build().At(Key, Period.Parse("2025Q3"))!;

        Assert.That((read.Value, read.Numerator, read.Denominator), Is.EqualTo((value, value, -value)));
        Assert.That(read.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(read.Denominator!.Value.Scale, Is.EqualTo(value.Scale));
        Assert.That(decimal.IsNegative(read.Value.Value), Is.EqualTo(decimal.IsNegative(value)));
        Assert.That((read.Source, read.CoveragePct), Is.EqualTo((ValueSource.Reported, (decimal?)null)));
    }

    [TestCaseSource(nameof(Cases))]
    public void A_value_as_a_part_of_a_roll_up_is_the_value_read(decimal value)
    {
        var builder = new ReportedValues.Builder();
        builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse("2025Q3"), value, value, null);
        var values = builder.Build();

        var part = values.Part(Key, Period.Parse("2025Q3"));

        Assert.That(part, Is.EqualTo(new RollUpPart(value, value, null)));
        Assert.That(part!.Value.Value!.Value.Scale, Is.EqualTo(value.Scale));
        Assert.That(values.Part(Key, Period.Parse("2025Q4")), Is.Null);
        Assert.That(values.Part(Key with { Unit = "62" }, Period.Parse("2025Q3")), Is.Null);
    }

    [Test]
    public void The_periods_of_a_series_are_added_to_those_already_there()
    {
        var builder = new ReportedValues.Builder();
        foreach (var period in new[] { "2025Q4", "2025Q3" }) builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse(period), 1m, null, null);
        var periods = new HashSet<Period> { Period.Parse("2025Q3"), Period.Parse("2024") };

        builder.Build().AddPeriods(Key, periods);

        Assert.That(periods.Select(p => p.Id).Order(), Is.EqualTo(new[] { "2024", "2025Q3", "2025Q4" }));
    }

    [Test]
    public void Missing_numerator_and_denominator_stay_missing()
    {
        var builder = new ReportedValues.Builder();
        builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse("2025"), 7.25m, null, null);

        var read = builder.Build().At(Key, Period.Parse("2025"))!;

        Assert.That((read.Value, read.Numerator, read.Denominator), Is.EqualTo((7.25m, (decimal?)null, (decimal?)null)));
    }

    [Test]
    public void A_series_reads_in_period_order_whatever_the_order_it_was_added_in()
    {
        var builder = new ReportedValues.Builder();
        foreach (var period in new[] { "2026Q1", "2025", "2025Q3", "2025Q4" }) builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse(period), 1m, null, null);
        builder.Add("DOCTORS_PER_10K", "62", "", Period.Parse("2025Q3"), 2m, null, null);

        var values = builder.Build();

        Assert.That(values.Series(Key).Select(v => v.Period.Id), Is.EqualTo(new[] { "2025Q3", "2025", "2025Q4", "2026Q1" }), "by end, then by start");
        Assert.That(values.Count, Is.EqualTo(5));
        Assert.That(values.At(Key, Period.Parse("2024")), Is.Null);
    }

    [Test]
    public void Changes_replace_add_and_remove_values_and_leave_the_old_version_as_it_was()
    {
        var builder = new ReportedValues.Builder();
        builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse("2025Q3"), 1m, null, null);
        builder.Add("DOCTORS_PER_10K", "51", "", Period.Parse("2025Q4"), 2m, null, null);
        var before = builder.Build();
        var wide = (decimal)ulong.MaxValue + 1;

        var after = before.With([
            (Key, Period.Parse("2025Q3"), null),
            (Key, Period.Parse("2025Q4"), new PeriodValue(Period.Parse("2025Q4"), wide, 3m)),
            (Key, Period.Parse("2026Q1"), new PeriodValue(Period.Parse("2026Q1"), 4.0m)),
            (new SeriesKey("DOCTORS_PER_10K", "62", "sex:female"), Period.Parse("2025Q3"), new PeriodValue(Period.Parse("2025Q3"), 5m)),
        ]);

        Assert.That(after.Series(Key).Select(v => (v.Period.Id, v.Value, v.Numerator)),
            Is.EqualTo(new[] { ("2025Q4", (decimal?)wide, (decimal?)3m), ("2026Q1", 4.0m, null) }));
        Assert.That(after.Keys, Does.Contain(new SeriesKey("DOCTORS_PER_10K", "62", "sex:female")));
        Assert.That(before.Series(Key).Select(v => (v.Period.Id, v.Value)), Is.EqualTo(new[] { ("2025Q3", (decimal?)1m), ("2025Q4", 2m) }));

        var emptied = after.With([(Key, Period.Parse("2025Q4"), null), (Key, Period.Parse("2026Q1"), null)]);
        Assert.That((emptied.Keys.Contains(Key), emptied.Count), Is.EqualTo((false, 1)));
    }
}

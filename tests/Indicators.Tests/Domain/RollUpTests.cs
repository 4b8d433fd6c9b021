using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class RollUpTests
{
    // The new Quảng Ngãi's 2024 doctors per 10,000 from the former Quảng Ngãi (51) and Kon Tum (62), with illustrative
    // figures: 1,200 doctors for 1,000,000 people (12 per 10k) and 300 for 500,000 (6 per 10k).
    private static readonly RollUpPart FormerQuangNgai = new(12m, 1200m, 1_000_000m, 1_000_000m);
    private static readonly RollUpPart KonTum = new(6m, 300m, 500_000m, 500_000m);
    private static readonly RollUpPart NotReported = new(null);

    [Test]
    public void Ratio_is_all_numerators_over_all_denominators_not_the_mean_of_ratios()
    {
        var result = RollUp.Derive(Aggregation.Ratio, [FormerQuangNgai, KonTum], 10_000m);

        // 1,500 doctors / 1,500,000 people × 10,000 = 10; the mean of 12 and 6 would be 9.
        Assert.That(result, Is.EqualTo(new RollUpResult(10m, 1500m, 1_500_000m, 100m, RollUpStatus.Derived)));
    }

    [Test]
    public void Weighted_mean_by_population_agrees_with_the_ratio_when_the_denominator_is_the_population()
    {
        var result = RollUp.Derive(Aggregation.WeightedMean, [FormerQuangNgai, KonTum], 10_000m);

        // (12 × 1,000,000 + 6 × 500,000) / 1,500,000 = 10.
        Assert.That(result, Is.EqualTo(new RollUpResult(10m, null, null, 100m, RollUpStatus.Derived)));
    }

    [Test]
    public void With_one_of_two_parts_reported_coverage_is_50_and_there_is_no_value_at_the_default_minimum()
    {
        var result = RollUp.Derive(Aggregation.Ratio, [FormerQuangNgai, NotReported], 10_000m);

        Assert.That(result, Is.EqualTo(new RollUpResult(null, null, null, 50m, RollUpStatus.InsufficientCoverage)));
    }

    [Test]
    public void A_lower_minimum_coverage_derives_from_the_parts_that_reported()
    {
        var result = RollUp.Derive(Aggregation.Ratio, [FormerQuangNgai, NotReported], 10_000m, minCoveragePct: 50m);

        Assert.That(result, Is.EqualTo(new RollUpResult(12m, 1200m, 1_000_000m, 50m, RollUpStatus.Derived)));
    }

    [TestCase(new[] { 10.0, 20.0, 30.0 }, 100, 60, 100)]
    [TestCase(new[] { 10.0, 20.0, double.NaN }, 100, null, 66.67)] // 2 of 3 is 66.67 %, below 100
    [TestCase(new[] { 10.0, 20.0, double.NaN }, 66.67, null, 66.67)] // compared before rounding: 66.666… < 66.67
    [TestCase(new[] { 10.0, 20.0, double.NaN }, 66.66, 30, 66.67)]
    [TestCase(new[] { 10.0, double.NaN, double.NaN }, 0, 10, 33.33)]
    [TestCase(new[] { double.NaN, double.NaN }, 0, null, 0)] // nobody reported: no value, not a sum of nothing
    [TestCase(new[] { 5.0, -2.0 }, 100, 3, 100)]
    public void Sum_adds_the_values_that_reported(double[] values, decimal minCoveragePct, decimal? expected, decimal coveragePct)
    {
        // NaN marks a part that did not report.
        var parts = values.Select(v => new RollUpPart(double.IsNaN(v) ? null : (decimal)v)).ToList();

        var result = RollUp.Derive(Aggregation.Sum, parts, 1m, minCoveragePct);

        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Is.EqualTo(expected));
            Assert.That(result.CoveragePct, Is.EqualTo(coveragePct));
            Assert.That(result.Numerator, Is.Null);
            Assert.That(result.Denominator, Is.Null);
        });
    }

    [Test]
    public void Ratio_of_a_percent_uses_its_factor()
    {
        // BHYT coverage: (900 + 1,180) insured / (1,000 + 1,250) people × 100 = 92.444…
        var parts = new[] { new RollUpPart(90m, 900m, 1000m), new RollUpPart(94.4m, 1180m, 1250m) };

        var result = RollUp.Derive(Aggregation.Ratio, parts, 100m);

        Assert.That(result.Value, Is.EqualTo(2080m / 2250m * 100m));
    }

    [Test]
    public void Ratio_needs_numerator_and_denominator_from_every_reporting_part()
    {
        var parts = new[] { FormerQuangNgai, new RollUpPart(6m, 300m, null) };

        var result = RollUp.Derive(Aggregation.Ratio, parts, 10_000m);

        Assert.That(result, Is.EqualTo(new RollUpResult(null, null, null, 100m, RollUpStatus.MissingInputs)));
    }

    [Test]
    public void Ratio_over_a_zero_denominator_has_no_value()
    {
        var parts = new[] { new RollUpPart(0m, 0m, 0m), new RollUpPart(0m, 0m, 0m) };

        var result = RollUp.Derive(Aggregation.Ratio, parts, 100m);

        Assert.That(result, Is.EqualTo(new RollUpResult(null, null, null, 100m, RollUpStatus.MissingInputs)));
    }

    [Test]
    public void Weighted_mean_needs_the_population_of_every_reporting_part()
    {
        var parts = new[] { FormerQuangNgai, new RollUpPart(6m) };

        var result = RollUp.Derive(Aggregation.WeightedMean, parts, 10_000m);

        Assert.That(result, Is.EqualTo(new RollUpResult(null, null, null, 100m, RollUpStatus.MissingInputs)));
    }

    [Test]
    public void Weighted_mean_skips_the_population_of_parts_that_did_not_report()
    {
        // Life expectancy 74 for 3,000,000 people and 70 for 1,000,000: (222 + 70) / 4 = 73; the silent part is left out.
        var parts = new[] { new RollUpPart(74m, Population: 3_000_000m), new RollUpPart(70m, Population: 1_000_000m), new RollUpPart(null, Population: 9_000_000m) };

        var result = RollUp.Derive(Aggregation.WeightedMean, parts, 1m, minCoveragePct: 60m);

        Assert.That(result, Is.EqualTo(new RollUpResult(73m, null, null, 66.67m, RollUpStatus.Derived)));
    }

    [Test]
    public void None_never_derives()
    {
        var result = RollUp.Derive(Aggregation.None, [FormerQuangNgai, KonTum], 10_000m);

        Assert.That(result, Is.EqualTo(new RollUpResult(null, null, null, 100m, RollUpStatus.NotAggregable)));
    }

    [TestCase(Aggregation.Sum)]
    [TestCase(Aggregation.Ratio)]
    [TestCase(Aggregation.WeightedMean)]
    public void Without_parts_nothing_is_derived(Aggregation aggregation)
    {
        var result = RollUp.Derive(aggregation, [], 1m, minCoveragePct: 0m);

        Assert.That(result, Is.EqualTo(new RollUpResult(null, null, null, 0m, RollUpStatus.InsufficientCoverage)));
    }

    private static PeriodValue Value(string period, decimal value, decimal? numerator = null, decimal? denominator = null) =>
        new(Period.Parse(period), value, numerator, denominator);

    [Test]
    public void YearValue_prefers_the_value_reported_for_the_year()
    {
        var values = new[] { Value("2025Q4", 91m), Value("2025", 90m) };

        Assert.That(RollUp.YearValue(2025, values, Aggregation.Ratio, isFlow: false, 100m), Is.EqualTo(Value("2025", 90m)));
    }

    [TestCase(new[] { "2025Q1", "2025Q2", "2025Q3" }, "2025Q3")]
    [TestCase(new[] { "202511", "2025Q4", "2025Q3" }, "2025Q4")] // ends 31 December, after 30 November
    [TestCase(new[] { "2025S1", "202507" }, "202507")]
    [TestCase(new[] { "2024Q4", "2025Q1", "2026Q1" }, "2025Q1")] // other years do not count
    public void YearValue_of_a_stock_is_the_latest_period_in_the_year(string[] periods, string expected)
    {
        var values = periods.Select((p, i) => Value(p, i + 1)).ToList();

        var year = RollUp.YearValue(2025, values, Aggregation.Ratio, isFlow: false, 100m);

        Assert.That(year?.Period, Is.EqualTo(Period.Parse(expected)));
    }

    [Test]
    public void YearValue_of_a_stock_without_values_in_the_year_is_null()
    {
        Assert.That(RollUp.YearValue(2025, [Value("2024Q4", 1m)], Aggregation.Ratio, isFlow: false, 100m), Is.Null);
    }

    [TestCase(new[] { "2025Q1", "2025Q2", "2025Q3", "2025Q4" }, 100)] // 10 + 20 + 30 + 40
    [TestCase(new[] { "2025S1", "2025S2" }, 30)] // 10 + 20
    [TestCase(new[] { "202501", "202502", "202503", "202504", "202505", "202506", "202507", "202508", "202509", "202510", "202511", "202512" }, 780)]
    [TestCase(new[] { "2025Q1", "2025Q2", "2025Q3" }, null)] // a missing quarter would understate the year
    [TestCase(new[] { "2025S1", "2025Q3", "2025Q4" }, null)] // lengths are not mixed
    public void YearValue_of_a_flow_adds_up_periods_that_cover_the_year(string[] periods, decimal? expected)
    {
        var values = periods.Select((p, i) => Value(p, 10m * (i + 1))).ToList();

        var year = RollUp.YearValue(2025, values, Aggregation.Sum, isFlow: true, 1m);

        Assert.That(year, Is.EqualTo(expected is { } v ? Value("2025", v) : null));
    }

    [Test]
    public void YearValue_of_a_ratio_flow_adds_numerators_and_denominators()
    {
        // 10 / 100 and 60 / 300 are 100 and 200 per 1,000; the year is (10 + 60) / (100 + 300) × 1,000 = 175, not 150.
        var values = new[] { Value("2025S1", 100m, 10m, 100m), Value("2025S2", 200m, 60m, 300m) };

        var year = RollUp.YearValue(2025, values, Aggregation.Ratio, isFlow: true, 1000m);

        Assert.That(year, Is.EqualTo(Value("2025", 175m, 70m, 400m)));
    }

    // A flow reported year to date (lũy kế): the figure at 31 December is the year's; an earlier one is not.
    [TestCase(new[] { "2025Q1", "2025S1", "2025L9", "2025Q4" }, "2025Q4")]
    [TestCase(new[] { "2025Q1", "2025S1", "2025L9", "202512" }, "202512")]
    [TestCase(new[] { "2025Q1", "2025S1", "2025L9" }, null)]
    public void YearValue_of_a_year_to_date_flow_is_its_figure_at_the_end_of_the_year(string[] periods, string? last)
    {
        var values = periods.Select((p, i) => Value(p, 10m * (i + 1))).ToList();

        var year = RollUp.YearValue(2025, values, Aggregation.Sum, isFlow: true, 1m, PeriodBasis.YearToDate);

        Assert.That(year, Is.EqualTo(last is null ? null : Value("2025", values.Single(v => v.Period.Id == last).Value)));
    }

    // A ratio indicator's value without numerator and denominator is kept, with a warning that it cannot roll up.
    [TestCase(Aggregation.Ratio, null, null, true)]
    [TestCase(Aggregation.Ratio, 5.0, 100.0, false)]
    [TestCase(Aggregation.Sum, null, null, false)]
    [TestCase(Aggregation.WeightedMean, null, null, false)]
    public void A_ratio_value_without_its_parts_cannot_roll_up(Aggregation aggregation, double? numerator, double? denominator, bool warned)
    {
        var indicator = new Indicator
        {
            Code = "BHYT_COVERAGE", NameVi = "x", NameEn = "x", Unit = IndicatorUnit.Percent, Factor = 100, Direction = Direction.Higher,
            Aggregation = aggregation, Frequency = Frequency.Quarterly, Decimals = 2, Group = "coverage",
            NumeratorEn = "People holding a valid BHYT card", DenominatorEn = "Population",
        };

        var warning = RollUp.CannotRollUp(indicator, (decimal?)numerator, (decimal?)denominator);

        Assert.That(warning is not null, Is.EqualTo(warned));
        if (warned) Assert.That(warning, Does.Contain("People holding a valid BHYT card").And.Contain("cannot roll up"));
    }
}

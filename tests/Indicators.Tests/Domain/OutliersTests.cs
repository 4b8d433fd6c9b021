using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class OutliersTests
{
    private static (Period, decimal)[] History(params (string Period, decimal Value)[] values) =>
        values.Select(v => (Period.Parse(v.Period), v.Value)).ToArray();

    [TestCase(40, 2, "40.00 changes by -57 % from 93.08 in 2025Q2.")]
    [TestCase(40, 0, "40 changes by -57 % from 93 in 2025Q2.")]
    [TestCase(150, 1, "150.0 changes by +61 % from 93.1 in 2025Q2.")]
    public void A_jump_of_more_than_half_is_flagged_with_numbers_at_the_indicators_decimals(decimal value, int decimals, string expected) =>
        Assert.That(Outliers.Check(Period.Parse("2025Q3"), value, History(("2025Q2", 93.076923m)), decimals), Is.EqualTo(new[] { expected }));

    [TestCase(60)]
    [TestCase(139)]
    public void A_change_of_at_most_half_is_not_flagged(decimal value) =>
        Assert.That(Outliers.Check(Period.Parse("2025Q3"), value, History(("2025Q2", 93m)), 2), Is.Empty);

    [Test]
    public void Only_the_previous_period_of_the_same_length_counts_for_a_jump() =>
        Assert.That(Outliers.Check(Period.Parse("2025Q3"), 40m, History(("2024", 93m)), 2), Is.Empty);

    [Test]
    public void A_value_far_from_the_units_mean_is_flagged_with_rounded_numbers()
    {
        var history = History(("2024Q1", 90.1234m), ("2024Q2", 90.5m), ("2024Q3", 91m), ("2024Q4", 90.2m), ("2025Q2", 90.4m));
        var warnings = Outliers.Check(Period.Parse("2025Q3"), 80m, history, 1);
        Assert.That(warnings, Has.Some.Matches<string>(w => w.StartsWith("80.0 is ", StringComparison.Ordinal) && w.EndsWith("mean of 90.4 over 5 periods.", StringComparison.Ordinal)));
    }
}

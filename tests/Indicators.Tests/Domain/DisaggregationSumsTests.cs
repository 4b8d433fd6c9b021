using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

/// <summary>A total of a sum indicator that disagrees with its complete disaggregation is a warning.</summary>
public class DisaggregationSumsTests
{
    private static readonly DisaggregationRules Rules = new(
        new Dictionary<string, Category>
        {
            ["sex"] = new("sex", "Giới tính", "Sex", [new("sex", "male", "Nam", "Male", 1), new("sex", "female", "Nữ", "Female", 2)]),
        },
        new[] { ("POPULATION", "sex"), ("BHYT_COVERAGE", "sex") }.ToLookup(c => c.Item1, c => c.Item2));

    private static readonly Dictionary<string, Indicator> Indicators = new()
    {
        ["POPULATION"] = Indicator("POPULATION", Aggregation.Sum),
        ["BHYT_COVERAGE"] = Indicator("BHYT_COVERAGE", Aggregation.Ratio),
    };

    private static Indicator Indicator(string code, Aggregation aggregation) => new()
    {
        Code = code, NameVi = code, NameEn = code, Unit = IndicatorUnit.Count, Factor = 1, Direction = Direction.Higher, Aggregation = aggregation,
        Frequency = Frequency.Yearly, Decimals = 0, Group = "test",
    };

    private static StoredValue Value(string indicator, string disaggregation, decimal value) =>
        new() { Indicator = indicator, Disaggregation = disaggregation, Value = value, UpdatedAt = DateTimeOffset.UnixEpoch, UpdatedBy = "test" };

    private static string[] Check(params StoredValue[] values) =>
        DisaggregationSums.Disagreements(values, Indicators, Rules).Select(d => $"{d.Indicator}/{d.Category}").ToArray();

    [Test]
    public void A_total_equal_to_the_sum_of_its_options_is_fine() =>
        Assert.That(Check(Value("POPULATION", "", 100), Value("POPULATION", "sex:male", 49), Value("POPULATION", "sex:female", 51)), Is.Empty);

    [Test]
    public void A_total_that_differs_from_the_sum_is_flagged()
    {
        var found = DisaggregationSums.Disagreements(
            [Value("POPULATION", "", 100), Value("POPULATION", "sex:male", 49), Value("POPULATION", "sex:female", 50)], Indicators, Rules);
        Assert.That(found.Select(d => $"{d.Indicator}/{d.Category}"), Is.EqualTo(new[] { "POPULATION/sex" }));
        Assert.That(found[0].Message, Does.Contain("100").And.Contain("99"));
    }

    [Test]
    public void An_incomplete_disaggregation_says_nothing() =>
        Assert.That(Check(Value("POPULATION", "", 100), Value("POPULATION", "sex:male", 10)), Is.Empty);

    [Test]
    public void Without_a_total_there_is_nothing_to_compare() =>
        Assert.That(Check(Value("POPULATION", "sex:male", 49), Value("POPULATION", "sex:female", 50)), Is.Empty);

    [Test]
    public void A_ratio_indicator_is_not_a_sum() =>
        Assert.That(Check(Value("BHYT_COVERAGE", "", 90), Value("BHYT_COVERAGE", "sex:male", 80), Value("BHYT_COVERAGE", "sex:female", 85)), Is.Empty);

    [TestCase(49, 51, 20, 30, 20, 30, new string[0])]
    [TestCase(49, 51, 20, 30, 20, 29, new[] { "POPULATION/area+sex" })]
    [TestCase(49, 50, 20, 30, 20, 29, new[] { "POPULATION/sex", "POPULATION/area+sex" })]
    public void The_cells_of_a_complete_cross_are_checked_like_the_options_of_a_category(
        int male, int female, int urbanMale, int ruralMale, int urbanFemale, int ruralFemale, string[] expected)
    {
        var area = new Category("area", "Khu vực", "Area", [new("area", "urban", "Thành thị", "Urban", 1), new("area", "rural", "Nông thôn", "Rural", 2)]);
        var rules = new DisaggregationRules(
            new Dictionary<string, Category>(Rules.Categories) { ["area"] = area },
            new[] { ("POPULATION", "area+sex"), ("POPULATION", "sex") }.ToLookup(c => c.Item1, c => c.Item2));
        var found = DisaggregationSums.Disagreements(
        [
            Value("POPULATION", "", 100), Value("POPULATION", "sex:male", male), Value("POPULATION", "sex:female", female),
            Value("POPULATION", "area:urban;sex:male", urbanMale), Value("POPULATION", "area:rural;sex:male", ruralMale),
            Value("POPULATION", "area:urban;sex:female", urbanFemale), Value("POPULATION", "area:rural;sex:female", ruralFemale),
        ], Indicators, rules);
        Assert.That(found.Select(d => $"{d.Indicator}/{d.Category}"), Is.EqualTo(expected));
    }
}

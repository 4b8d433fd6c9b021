using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

/// <summary>The canonical key of a disaggregation, and the checks of a value's disaggregation against the categories and the indicator's combinations.</summary>
public class DisaggregationTests
{
    private static readonly DisaggregationRules Rules = new(
        new Dictionary<string, Category>
        {
            ["sex"] = new("sex", "Giới tính", "Sex", [new("sex", "male", "Nam", "Male", 1), new("sex", "female", "Nữ", "Female", 2)]),
            ["ageGroup"] = new("ageGroup", "Nhóm tuổi", "Age group", [new("ageGroup", "under5", "Dưới 5 tuổi", "Under 5", 1), new("ageGroup", "y60plus", "Từ 60 tuổi", "60+", 2)]),
            ["ethnicity"] = new("ethnicity", "Dân tộc", "Ethnicity", [new("ethnicity", "kinh", "Kinh", "Kinh", 1), new("ethnicity", "minority", "Dân tộc thiểu số", "Minority", 2)]),
        },
        new[] { ("POPULATION", "sex"), ("POPULATION", "ageGroup+sex"), ("BHYT_COVERAGE", "ethnicity") }.ToLookup(c => c.Item1, c => c.Item2));

    [TestCase("", "")]
    [TestCase("total", "")]
    [TestCase("  ", "")]
    [TestCase("sex:female", "sex:female")]
    [TestCase(" sex : female ", "sex:female")]
    [TestCase("sex:male;ageGroup:under5", "ageGroup:under5;sex:male")]
    [TestCase("ageGroup:under5;sex:male", "ageGroup:under5;sex:male")]
    [TestCase("ethnicity:minority;area:rural;sex:female", "area:rural;ethnicity:minority;sex:female")]
    [TestCase("ageGroup:y1_18", "ageGroup:y1_18")]
    public void Parse_gives_the_canonical_key(string text, string expected) =>
        Assert.That(Disaggregation.Parse(text), Is.EqualTo(((string?)expected, (string?)null)));

    [TestCase("sex", "not a pair")]
    [TestCase("sex:", "not an option code")]
    [TestCase(":female", "not a category code")]
    [TestCase("Sex:female", "not a category code")]
    [TestCase("sex:fe-male", "not an option code")]
    [TestCase("sex:female;sex:male", "more than once")]
    [TestCase("sex:female;", "not a pair")]
    [TestCase("sex:a:b", "not an option code")]
    public void Parse_refuses_what_is_not_a_key(string text, string error)
    {
        var (key, message) = Disaggregation.Parse(text);
        Assert.That(key, Is.Null);
        Assert.That(message, Does.Contain(error));
    }

    [TestCase("", new string[0], "")]
    [TestCase("sex:female", new[] { "sex=female" }, "sex")]
    [TestCase("ageGroup:under5;sex:male", new[] { "ageGroup=under5", "sex=male" }, "ageGroup+sex")]
    public void Pairs_and_combo_of_a_key(string key, string[] pairs, string combo)
    {
        Assert.That(Disaggregation.Pairs(key).Select(p => $"{p.Key}={p.Value}"), Is.EqualTo(pairs));
        Assert.That(Disaggregation.Combo(key), Is.EqualTo(combo));
        Assert.That(Disaggregation.Map(key)?.Select(p => $"{p.Key}={p.Value}") ?? [], Is.EqualTo(pairs));
    }

    [TestCase("sex", "sex")]
    [TestCase("sex+ageGroup", "ageGroup+sex")]
    [TestCase(" ethnicity + area ", "area+ethnicity")]
    public void A_combination_is_read_in_canonical_order(string text, string expected) =>
        Assert.That(Disaggregation.ParseCombo(text).Combo, Is.EqualTo(expected));

    [TestCase("sex+sex")]
    [TestCase("sex+")]
    [TestCase("Sex")]
    [TestCase("")]
    public void A_malformed_combination_is_refused(string text) =>
        Assert.That(Disaggregation.ParseCombo(text).Error, Is.Not.Null);

    [TestCase("ageGroup:under5;sex:male", "sex", "ageGroup:under5")]
    [TestCase("sex:male", "sex", "")]
    [TestCase("sex:male", "ageGroup", "sex:male")]
    public void Without_leaves_a_category_out(string key, string category, string expected) =>
        Assert.That(Disaggregation.Without(key, category), Is.EqualTo(expected));

    [Test]
    public void Split_gives_a_key_per_option_in_option_order() =>
        Assert.That(Rules.Split("ageGroup:under5", "sex"), Is.EqualTo(new[] { "ageGroup:under5;sex:male", "ageGroup:under5;sex:female" }));

    [Test]
    public void Split_by_an_unknown_category_is_empty() => Assert.That(Rules.Split("", "religion"), Is.Empty);

    private static (string? Key, string[] Errors) Check(string indicator, params (string, string?)[] pairs)
    {
        var (key, errors) = Rules.Check(indicator, pairs.Length == 0 ? null : pairs.ToDictionary(p => p.Item1, p => p.Item2));
        return (key, errors.Select(e => $"{e.Field}: {e.Message}").ToArray());
    }

    [TestCase("POPULATION")]
    [TestCase("LIFE_EXPECTANCY")]
    public void No_disaggregation_is_the_total_for_any_indicator(string indicator) =>
        Assert.That(Check(indicator), Is.EqualTo(((string?)"", Array.Empty<string>())));

    [Test]
    public void A_declared_combination_gives_its_key()
    {
        Assert.That(Check("POPULATION", ("sex", "female")).Key, Is.EqualTo("sex:female"));
        Assert.That(Check("POPULATION", ("sex", "male"), ("ageGroup", "under5")).Key, Is.EqualTo("ageGroup:under5;sex:male"));
        Assert.That(Check("BHYT_COVERAGE", ("ethnicity", "minority")).Key, Is.EqualTo("ethnicity:minority"));
    }

    [TestCase("POPULATION", "ethnicity", "kinh", "disaggregation: POPULATION is not reported by ethnicity; it declares ageGroup+sex, sex.")]
    [TestCase("LIFE_EXPECTANCY", "sex", "male", "disaggregation: LIFE_EXPECTANCY is reported as a total only; it declares no disaggregation.")]
    [TestCase("POPULATION", "sex", "other", "disaggregation.sex: Unknown option 'other' of sex; its options are male, female.")]
    [TestCase("POPULATION", "religion", "none", "disaggregation.religion: Unknown category 'religion'; the categories are ageGroup, ethnicity, sex.")]
    [TestCase("POPULATION", "sex", null, "disaggregation.sex: Unknown option '' of sex; its options are male, female.")]
    public void An_undeclared_combination_or_unknown_option_names_the_field(string indicator, string category, string? option, string error) =>
        Assert.That(Check(indicator, (category, option)), Is.EqualTo(((string?)null, new[] { error })));

    [Test]
    public void A_combination_counts_whatever_order_the_categories_come_in() =>
        Assert.That(Check("POPULATION", ("ageGroup", "y60plus"), ("sex", "female")).Key, Is.EqualTo("ageGroup:y60plus;sex:female"));

    [Test]
    public void An_unknown_indicator_is_left_to_the_indicator_check() =>
        Assert.That(Rules.Check(null, new Dictionary<string, string?> { ["sex"] = "male" }).Key, Is.EqualTo("sex:male"));

    private static Indicator Indicator(string code, Aggregation aggregation) => new()
    {
        Code = code, NameVi = code, NameEn = code, Unit = IndicatorUnit.Count, Factor = 1, Direction = Direction.Higher, Aggregation = aggregation,
        Frequency = Frequency.Yearly, Decimals = 0, Group = "test",
    };

    private const string BySex = "sex:male,sex:female";
    private const string ByAgeAndSex = "ageGroup:under5;sex:male,ageGroup:under5;sex:female,ageGroup:y60plus;sex:male,ageGroup:y60plus;sex:female";

    /// <summary>Each set as its keys joined by <c>,</c>.</summary>
    private static string[] Completions(DisaggregationRules rules, string indicator, Aggregation aggregation) =>
        rules.Completions(Indicator(indicator, aggregation)).Select(parts => string.Join(",", parts)).ToArray();

    [TestCase("POPULATION", Aggregation.Sum, new[] { BySex, ByAgeAndSex })]
    [TestCase("POPULATION", Aggregation.Ratio, new[] { BySex, ByAgeAndSex })]
    [TestCase("POPULATION", Aggregation.WeightedMean, new string[0])]
    [TestCase("POPULATION", Aggregation.None, new string[0])]
    [TestCase("BHYT_COVERAGE", Aggregation.Ratio, new[] { "ethnicity:kinh,ethnicity:minority" })]
    [TestCase("LIFE_EXPECTANCY", Aggregation.Sum, new string[0])]
    public void The_sets_that_complete_a_total_are_every_cell_of_each_declared_combination_for_sum_and_ratio(string indicator, Aggregation aggregation, string[] expected) =>
        Assert.That(Completions(Rules, indicator, aggregation), Is.EqualTo(expected));

    [Test]
    public void A_category_whose_options_do_not_add_up_completes_no_total_alone_or_in_a_cross()
    {
        var categories = new Dictionary<string, Category>(Rules.Categories) { ["ageGroup"] = Rules.Categories["ageGroup"] with { AddsUp = false } };
        var rules = new DisaggregationRules(categories, new[] { ("X", "ageGroup"), ("X", "ageGroup+sex"), ("X", "sex") }.ToLookup(c => c.Item1, c => c.Item2));
        Assert.That(Completions(rules, "X", Aggregation.Sum), Is.EqualTo(new[] { BySex }));
        Assert.That(rules.Split("", "ageGroup"), Is.Empty);
        Assert.That(rules.Split("", "sex"), Is.EqualTo(new[] { "sex:male", "sex:female" }));
    }

    [Test]
    public void Single_categories_complete_a_total_before_crosses_and_a_combination_of_an_unknown_category_completes_nothing()
    {
        var rules = new DisaggregationRules(Rules.Categories,
            new[] { ("X", "ethnicity+sex"), ("X", "area+sex"), ("X", "ageGroup+ethnicity+sex"), ("X", "sex") }.ToLookup(c => c.Item1, c => c.Item2));
        var sets = rules.Completions(Indicator("X", Aggregation.Sum));
        Assert.That(sets.Select(s => Disaggregation.Combo(s[0])), Is.EqualTo(new[] { "sex", "ethnicity+sex", "ageGroup+ethnicity+sex" }));
        Assert.That(sets.Select(s => s.Count), Is.EqualTo(new[] { 2, 4, 8 }));
        Assert.That(sets[2].Distinct().Count(), Is.EqualTo(8), "every cell once");
    }
}

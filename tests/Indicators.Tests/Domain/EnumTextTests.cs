using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

/// <summary>Enums are stored and sent as camelCase names; any case of a name reads back, anything else is refused.</summary>
public sealed class EnumTextTests
{
    [TestCase("weightedMean", Aggregation.WeightedMean)]
    [TestCase("WeightedMean", Aggregation.WeightedMean)]
    [TestCase("WEIGHTEDMEAN", Aggregation.WeightedMean)]
    [TestCase("sum", Aggregation.Sum)]
    [TestCase("none", Aggregation.None)]
    public void A_name_in_any_case_is_parsed(string text, Aggregation expected) =>
        Assert.That(EnumText.Parse<Aggregation>(text), Is.EqualTo(expected));

    [Test]
    public void Every_name_written_is_read_back()
    {
        foreach (var value in Enum.GetValues<TargetKind>()) Assert.That(EnumText.Parse<TargetKind>(EnumText.Of(value)), Is.EqualTo(value));
        foreach (var value in Enum.GetValues<Comparator>()) Assert.That(EnumText.Parse<Comparator>(EnumText.Of(value)), Is.EqualTo(value));
    }

    [TestCase("weighted_mean")]
    [TestCase("")]
    [TestCase("average")]
    public void An_unknown_name_is_refused(string text) =>
        Assert.That(() => EnumText.Parse<Aggregation>(text), Throws.ArgumentException);
}

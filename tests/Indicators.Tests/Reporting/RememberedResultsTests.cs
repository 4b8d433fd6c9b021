using Indicators.Api.Domain;
using Indicators.Api.Reporting;

namespace Indicators.Tests.Reporting;

/// <summary>An index keeps results and serialized pages up to a size, not a number: one result of the country's communes weighs as much as thousands of small ones.</summary>
public sealed class RememberedResultsTests
{
    private static readonly AttainmentRow Row = new()
    {
        TargetId = 1, Indicator = "BHYT_COVERAGE", IndicatorName = "BHYT", IndicatorGroup = "g", Unit = "51", UnitName = "u", UnitLevel = UnitLevel.Province,
        Year = 2030, Comparator = Comparator.Gte, Kind = TargetKind.Absolute, Source = "s", TargetUnit = "51", TargetUnitName = "u", Status = AttainmentStatus.NoData,
    };

    private static ValueIndex EmptyIndex() =>
        new(new UnitGraph([]), new Dictionary<string, Indicator>(), new ReportedValues.Builder().Build(), [], 100m, watermark: 0);

    private static AttainmentKey Key(int year) => new(new AttainmentFilter(year, null, null, null, null, null), new DateOnly(2027, 8, 14));

    private static readonly JudgedTarget Judged = new(new Target
    {
        Id = 1, Indicator = "BHYT_COVERAGE", Unit = "51", Year = 2030, Comparator = Comparator.Gte, Value = 95m, Kind = TargetKind.Absolute, Source = "s", Version = 1,
    }, "51", Inherited: false);

    private static AttainmentRows Rows(int count) => new(Enumerable.Repeat(Judged, count).ToList(), _ => Row);

    [Test]
    public void Results_are_kept_while_their_rows_fit()
    {
        var index = EmptyIndex();
        var half = ValueIndex.MaxRememberedRows / 2;

        index.Remember(Key(2025), Rows(half));
        index.Remember(Key(2030), Rows(half));
        index.Remember(Key(2045), Rows(1));

        Assert.That(index.Results.Keys, Is.EquivalentTo(new[] { Key(2025), Key(2030) }), "the third result no longer fits");
    }

    [Test]
    public void Many_small_results_are_kept_beyond_a_fixed_count()
    {
        var index = EmptyIndex();

        for (var year = 0; year < 1000; year++) index.Remember(Key(year), Rows(10));

        Assert.That(index.Results, Has.Count.EqualTo(1000));
    }

    [Test]
    public void A_result_remembered_twice_counts_once()
    {
        var index = EmptyIndex();
        var half = ValueIndex.MaxRememberedRows / 2;

        var first = index.Remember(Key(2025), Rows(half));
        var second = index.Remember(Key(2025), Rows(half));
        index.Remember(Key(2030), Rows(half));

        Assert.That(index.Results.Keys, Is.EquivalentTo(new[] { Key(2025), Key(2030) }));
        Assert.That(second, Is.SameAs(first), "the rows another reader kept first are the ones answered from");
    }

    [Test]
    public void Pages_are_kept_while_their_arrays_fit()
    {
        var index = EmptyIndex();
        var third = (int)(ValueIndex.MaxRememberedPageBytes / 3);

        for (var page = 0; page < 4; page++) index.RememberPage(Key(2030), after: page.ToString(System.Globalization.CultureInfo.InvariantCulture), take: 10_000, new ArraySegment<byte>(new byte[third], 0, third / 2));

        Assert.That(Enumerable.Range(0, 4).Select(page => index.Page(Key(2030), page.ToString(System.Globalization.CultureInfo.InvariantCulture), 10_000) is not null),
            Is.EqualTo(new[] { true, true, true, false }));
        Assert.That((index.HasRoomForPage(1), index.HasRoomForPage(ValueIndex.MaxRememberedPageBytes - 3 * third + 1)), Is.EqualTo((true, false)));
    }
}

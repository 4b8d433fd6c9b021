using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

/// <summary>Which units a target is judged for: its own, and with a cascade the units below without a target of their own.</summary>
public class TargetCascadeTests
{
    // A small country: VN; province 01 (with communes 00001, 00002); province 60 that ended on 2025-06-30 (commune 22000);
    // province 68@2025-07-01 that started on 2025-07-01 (commune 22001).
    private static readonly UnitGraph Units = new(
    [
        new UnitVersion("VN", "VN", "Việt Nam", UnitLevel.Country, null, null, null, null),
        new UnitVersion("01", "01", "Hà Nội", UnitLevel.Province, "VN", null, null, null),
        new UnitVersion("00001", "00001", "Ba Đình", UnitLevel.Commune, "01", null, null, null),
        new UnitVersion("00002", "00002", "Hoàn Kiếm", UnitLevel.Commune, "01", null, null, null),
        new UnitVersion("60", "60", "Bình Thuận", UnitLevel.Province, "VN", null, Day.Of("2025-06-30"), "68@2025-07-01"),
        new UnitVersion("22000", "22000", "Phan Thiết", UnitLevel.Commune, "60", null, Day.Of("2025-06-30"), null),
        new UnitVersion("68@2025-07-01", "68", "Lâm Đồng", UnitLevel.Province, "VN", Day.Of("2025-07-01"), null, null),
        new UnitVersion("22001", "22001", "Phan Thiết", UnitLevel.Commune, "68@2025-07-01", Day.Of("2025-07-01"), null, null),
    ]);

    private static Target Target(long id, string unit, CascadeTo cascade = CascadeTo.None, string indicator = "BHYT_COVERAGE", int year = 2030) => new()
    {
        Id = id, Indicator = indicator, Unit = unit, Year = year, Comparator = Comparator.Gte, Value = 95m, Kind = TargetKind.Absolute,
        Source = "test", Version = 1, CascadeTo = cascade,
    };

    private static string[] Judged(IReadOnlyList<Target> targets, string on = "2030-12-31") => Judged(targets, _ => Day.Of(on));

    private static string[] Judged(IReadOnlyList<Target> targets, Func<int, DateOnly> judgedOn) =>
        TargetCascade.Expand(targets, Units, judgedOn)
            .Select(j => $"{j.Target.Id}:{j.Unit}{(j.Inherited ? "*" : "")}")
            .ToArray();

    [TestCase(CascadeTo.None, new[] { "1:VN" })]
    [TestCase(CascadeTo.Provinces, new[] { "1:VN", "1:01*", "1:68@2025-07-01*" })]
    [TestCase(CascadeTo.ProvincesAndCommunes, new[] { "1:VN", "1:00001*", "1:00002*", "1:01*", "1:22001*", "1:68@2025-07-01*" })]
    public void A_national_target_reaches_the_levels_of_its_cascade_valid_on_the_day(CascadeTo cascade, string[] expected) =>
        Assert.That(Judged([Target(1, "VN", cascade)]), Is.EqualTo(expected));

    [Test]
    public void Before_the_merger_the_former_provinces_and_their_communes_inherit() =>
        Assert.That(Judged([Target(1, "VN", CascadeTo.ProvincesAndCommunes)], on: "2025-03-31"),
            Is.EqualTo(new[] { "1:VN", "1:00001*", "1:00002*", "1:01*", "1:22000*", "1:60*" }));

    [Test]
    public void A_unit_with_its_own_target_for_the_indicator_and_year_does_not_inherit_and_comes_first() =>
        Assert.That(Judged([Target(1, "VN", CascadeTo.Provinces), Target(2, "01")]), Is.EqualTo(new[] { "1:VN", "2:01", "1:68@2025-07-01*" }));

    [TestCase("DOCTORS_PER_10K", 2030)] // another indicator
    [TestCase("BHYT_COVERAGE", 2025)] // another year
    public void A_target_of_another_indicator_or_year_does_not_stop_the_cascade(string indicator, int year) =>
        Assert.That(Judged([Target(1, "VN", CascadeTo.Provinces), Target(2, "01", indicator: indicator, year: year)]),
            Is.EqualTo(new[] { "1:VN", "2:01", "1:01*", "1:68@2025-07-01*" }));

    [Test]
    public void The_nearest_cascading_target_above_a_commune_applies() =>
        Assert.That(Judged([Target(1, "VN", CascadeTo.ProvincesAndCommunes), Target(2, "01", CascadeTo.ProvincesAndCommunes)]),
            Is.EqualTo(new[] { "1:VN", "2:01", "1:22001*", "1:68@2025-07-01*", "2:00001*", "2:00002*" }));

    [Test]
    public void Targets_of_one_unit_each_reach_the_units_valid_on_their_own_day() =>
        Assert.That(Judged(
                [Target(1, "VN", CascadeTo.ProvincesAndCommunes, year: 2025), Target(2, "VN", CascadeTo.ProvincesAndCommunes), Target(3, "VN", CascadeTo.Provinces, indicator: "DOCTORS_PER_10K")],
                year => Day.Of(year == 2025 ? "2025-03-31" : "2030-12-31")),
            Is.EqualTo(new[]
            {
                "1:VN", "2:VN", "3:VN",
                "1:00001*", "1:00002*", "1:01*", "1:22000*", "1:60*",
                "2:00001*", "2:00002*", "2:01*", "2:22001*", "2:68@2025-07-01*",
                "3:01*", "3:68@2025-07-01*",
            }));

    [TestCase(CascadeTo.None, new UnitLevel[0])]
    [TestCase(CascadeTo.Provinces, new[] { UnitLevel.Province })]
    [TestCase(CascadeTo.ProvincesAndCommunes, new[] { UnitLevel.Province, UnitLevel.Commune })]
    public void Levels_of_each_cascade(CascadeTo cascade, UnitLevel[] levels) =>
        Assert.That(TargetCascade.Levels(cascade), Is.EquivalentTo(levels));
}

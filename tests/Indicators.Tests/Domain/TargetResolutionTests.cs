using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class TargetResolutionTests
{
    // Expected targets worked out from DESIGN §Targets by hand.
    [TestCase(TargetKind.Absolute, 13.1, null, 13.1)] // doctors per 10,000 by 2030
    [TestCase(TargetKind.Absolute, 13.1, 9.5, 13.1)] // a baseline does not change an absolute target
    [TestCase(TargetKind.IncreaseBy, 1.5, 150.0, 151.5)] // children's height +1.5 cm
    [TestCase(TargetKind.DecreaseBy, 2, 14, 12)]
    [TestCase(TargetKind.IncreaseByPercent, 10, 80, 88)] // 80 × 1.10
    [TestCase(TargetKind.DecreaseByPercent, 20, 15, 12)] // 15 × 0.80
    [TestCase(TargetKind.DecreaseByPercent, 10, 14, 12.6)] // 14 × 0.90
    [TestCase(TargetKind.IncreaseBy, 0, 90, 90)]
    public void Resolves_the_target_value_of_each_kind(TargetKind kind, decimal value, decimal? baseline, decimal expected)
    {
        var resolved = TargetResolution.Resolve(kind, value, null, baseline, null);

        Assert.That(resolved, Is.EqualTo(new ResolvedTarget(expected, null, baseline, TargetResolutionStatus.Resolved)));
    }

    // increaseOverPrevious: T is the previous year's value plus the least increase (0 with gt: any increase).
    [TestCase(0, 1250.5, 1250.5)]
    [TestCase(50, 1250.5, 1300.5)]
    public void IncreaseOverPrevious_takes_the_previous_years_value(decimal least, decimal previous, decimal expected) =>
        Assert.That(TargetResolution.Resolve(TargetKind.IncreaseOverPrevious, least, null, previous, null),
            Is.EqualTo(new ResolvedTarget(expected, null, previous, TargetResolutionStatus.Resolved)));

    [Test]
    public void IncreaseOverPrevious_without_the_previous_years_value_is_noBaseline() =>
        Assert.That(TargetResolution.Resolve(TargetKind.IncreaseOverPrevious, 0m, null, null, null).Status, Is.EqualTo(TargetResolutionStatus.NoBaseline));

    // The baseline year: the year before the target year for increaseOverPrevious, whatever was given; else as given.
    [TestCase(TargetKind.IncreaseOverPrevious, 2027, null, 2026)]
    [TestCase(TargetKind.IncreaseOverPrevious, 2030, 2020, 2029)]
    [TestCase(TargetKind.IncreaseBy, 2030, 2025, 2025)]
    [TestCase(TargetKind.Absolute, 2030, null, null)]
    public void The_baseline_year_of_each_kind(TargetKind kind, int year, int? given, int? expected) =>
        Assert.That(TargetResolution.BaselineYear(kind, year, given), Is.EqualTo(expected));

    // matchUnit: the reference unit's actual plus the margin in value.
    [TestCase(0, 92.5, 92.5)]
    [TestCase(1, 92.5, 93.5)]
    [TestCase(-0.5, 92.5, 92.0)]
    public void MatchUnit_takes_the_reference_actual_plus_the_margin(decimal margin, decimal referenceActual, decimal expected)
    {
        var resolved = TargetResolution.Resolve(TargetKind.MatchUnit, margin, null, null, referenceActual);

        Assert.That(resolved, Is.EqualTo(new ResolvedTarget(expected, null, null, TargetResolutionStatus.Resolved)));
    }

    [TestCase(TargetKind.IncreaseBy)]
    [TestCase(TargetKind.DecreaseBy)]
    [TestCase(TargetKind.IncreaseByPercent)]
    [TestCase(TargetKind.DecreaseByPercent)]
    public void A_relative_target_without_a_baseline_is_never_guessed(TargetKind kind)
    {
        var resolved = TargetResolution.Resolve(kind, 5m, null, null, 80m);

        Assert.That(resolved, Is.EqualTo(new ResolvedTarget(null, null, null, TargetResolutionStatus.NoBaseline)));
    }

    [Test]
    public void MatchUnit_without_a_reference_actual_has_no_target()
    {
        var resolved = TargetResolution.Resolve(TargetKind.MatchUnit, 0m, null, 70m, null);

        Assert.That(resolved, Is.EqualTo(new ResolvedTarget(null, null, 70m, TargetResolutionStatus.NoReferenceActual)));
    }

    [Test]
    public void An_absolute_target_needs_neither_baseline_nor_reference()
    {
        var resolved = TargetResolution.Resolve(TargetKind.Absolute, 95m, null, null, null);

        Assert.That(resolved, Is.EqualTo(new ResolvedTarget(95m, null, null, TargetResolutionStatus.Resolved)));
    }

    // between [value, upperValue]: both bounds are transformed and kept in order (a decrease swaps them).
    [TestCase(TargetKind.Absolute, 4, 5, null, null, 4, 5)]
    [TestCase(TargetKind.IncreaseBy, 1, 2, 10, null, 11, 12)]
    [TestCase(TargetKind.DecreaseBy, 1, 2, 10, null, 8, 9)]
    [TestCase(TargetKind.IncreaseByPercent, 10, 20, 50, null, 55, 60)]
    [TestCase(TargetKind.DecreaseByPercent, 10, 20, 50, null, 40, 45)]
    [TestCase(TargetKind.MatchUnit, -1, 1, null, 10, 9, 11)]
    public void Between_bounds_are_resolved_like_the_value(
        TargetKind kind, decimal value, decimal upperValue, decimal? baseline, decimal? referenceActual, decimal lower, decimal upper)
    {
        var resolved = TargetResolution.Resolve(kind, value, upperValue, baseline, referenceActual);

        Assert.That(resolved, Is.EqualTo(new ResolvedTarget(lower, upper, baseline, TargetResolutionStatus.Resolved)));
    }
}

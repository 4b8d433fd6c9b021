using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

// Expected values are worked out by hand from DESIGN §Attainment. With periods ending on 31 December, t is a whole number:
// an actual for 2025 has tA = 2026, a 2030 target tT = 2031, a 2024 baseline tB = 2025.
public class AttainmentTests
{
    private static readonly SeriesPoint[] NoSeries = [];

    private static AttainmentInput Input(
        Comparator comparator,
        decimal target,
        decimal? actual,
        string actualEnd = "2025-12-31",
        Direction direction = Direction.Higher,
        int decimals = 2,
        int targetYear = 2030,
        decimal? upper = null,
        decimal? baseline = null,
        int? baselineYear = null,
        SeriesPoint[]? series = null,
        string asOf = "2026-03-31") =>
        new(
            comparator,
            new ResolvedTarget(target, upper, baseline, TargetResolutionStatus.Resolved),
            direction,
            decimals,
            targetYear,
            baselineYear,
            actual is { } a ? new SeriesPoint(Day.Of(actualEnd), a) : null,
            series ?? NoSeries,
            Day.Of(asOf));

    private static SeriesPoint Point(string periodEnd, decimal value) => new(Day.Of(periodEnd), value);

    [Test]
    public void The_DESIGN_example_row_doctors_per_10k_on_track_for_2030()
    {
        // 10.60, 11.01, 11.42 at t = 2024, 2025, 2026: the least-squares slope is 0.82 / 2 = 0.41 a year.
        var series = new[] { Point("2023-12-31", 10.60m), Point("2024-12-31", 11.01m) };

        var result = Attainment.Calculate(Input(Comparator.Gte, 13.1m, 11.42m, series: series));

        // 100 · 11.42 / 13.1 = 87.176; gap 1.68; 100 · 1.68 / 13.1 = 12.824; required 1.68 / 5 = 0.336;
        // projected 11.42 + 0.41 · 5 = 13.47; R = 0.41 / 0.336 = 1.22.
        Assert.That(result, Is.EqualTo(new AttainmentResult(
            Met: false, AttainmentPct: 87.18m, Gap: 1.68m, GapPct: 12.82m, ProgressPct: null, ExpectedNow: null,
            ObservedPerYear: 0.41m, RequiredPerYear: 0.336m, Projected: 13.47m, Status: AttainmentStatus.OnTrack)));
    }

    [Test]
    public void Infant_mortality_lower_is_better()
    {
        // 15.0, 14.6, 14.0 at t = 2024, 2025, 2026: mean 14.5333, slope ((−1)(0.4667) + (1)(−0.5333)) / 2 = −0.5.
        var series = new[] { Point("2023-12-31", 15.0m), Point("2024-12-31", 14.6m) };

        var result = Attainment.Calculate(Input(Comparator.Lte, 12.5m, 14m, direction: Direction.Lower, decimals: 1, series: series));

        // 100 · 12.5 / 14 = 89.2857; gap 14 − 12.5 = 1.5; 100 · 1.5 / 12.5 = 12; required (12.5 − 14) / 5 = −0.3;
        // projected 14 − 0.5 · 5 = 11.5; R = −0.5 / −0.3 = 1.67.
        Assert.That(result, Is.EqualTo(new AttainmentResult(
            Met: false, AttainmentPct: 89.29m, Gap: 1.5m, GapPct: 12m, ProgressPct: null, ExpectedNow: null,
            ObservedPerYear: -0.5m, RequiredPerYear: -0.3m, Projected: 11.5m, Status: AttainmentStatus.OnTrack)));
    }

    // between [4, 5]: 100 inside, 100·A/L below, 100·U/A above; gap L − A below, A − U above; gapPct against the nearer bound.
    // Beyond the band in the indicator's good direction the target is over-achieved: met, 100, gap 0, flagged.
    [TestCase(Direction.Higher, 5.5, true, 100, 0, 0, true)] // 5.5 doctors a station against "từ 4 - 5"
    [TestCase(Direction.Higher, 5.6, true, 100, 0, 0, true)]
    [TestCase(Direction.Higher, 3, false, 75, 1, 25, false)] // 100 · 3 / 4; 100 · 1 / 4
    [TestCase(Direction.Higher, 4.5, true, 100, 0, 0, false)]
    [TestCase(Direction.Higher, 4, true, 100, 0, 0, false)]
    [TestCase(Direction.Higher, 5, true, 100, 0, 0, false)]
    [TestCase(Direction.Lower, 5.5, false, 90.91, 0.5, 10, false)] // 100 · 5 / 5.5 = 90.909; 100 · 0.5 / 5
    [TestCase(Direction.Lower, 3, true, 100, 0, 0, true)] // below a band of a lower-is-better indicator
    [TestCase(Direction.Lower, 3.96, true, 100, 0, 0, false)] // 3.96 reads 4.0 at one decimal: inside, not beyond
    [TestCase(Direction.Lower, 4.5, true, 100, 0, 0, false)]
    [TestCase(Direction.Lower, 5, true, 100, 0, 0, false)]
    public void Between_respects_the_direction(Direction direction, decimal actual, bool met, decimal attainmentPct, decimal gap, decimal gapPct, bool beyond)
    {
        var result = Attainment.Calculate(Input(Comparator.Between, 4m, actual, direction: direction, decimals: 1, upper: 5m));

        Assert.Multiple(() =>
        {
            Assert.That(result.Met, Is.EqualTo(met));
            Assert.That(result.AttainmentPct, Is.EqualTo(attainmentPct));
            Assert.That(result.Gap, Is.EqualTo(gap));
            Assert.That(result.GapPct, Is.EqualTo(gapPct));
            Assert.That(result.BeyondBand, Is.EqualTo(beyond));
        });
    }

    [Test]
    public void A_band_over_achieved_before_the_target_year_is_achieved_not_on_track()
    {
        // 08-CTr/TU's 4–5 doctors per commune station, with 5.6 reported for 2030 and a falling trend: still achieved.
        var series = new[] { Point("2028-12-31", 6.0m), Point("2029-12-31", 5.8m) };

        var result = Attainment.Calculate(Input(Comparator.Between, 4m, 5.6m, actualEnd: "2030-12-31", upper: 5m, series: series, asOf: "2031-03-31"));

        Assert.That((result.Status, result.Met, result.BeyondBand, result.Gap), Is.EqualTo((AttainmentStatus.Achieved, true, true, 0m)));
    }

    // increaseOverPrevious: T = the previous year's value (B), comparator gt. 1,100 after 1,000 is met; no rise is missed
    // once the year is over; a fall is short by the fall.
    [TestCase(1100, true, AttainmentStatus.Achieved, 110, -100)]
    [TestCase(1000, false, AttainmentStatus.Missed, 100, 0)]
    [TestCase(950, false, AttainmentStatus.Missed, 95, 50)]
    public void A_yearly_rise_is_judged_against_the_year_before(decimal actual, bool met, AttainmentStatus status, decimal attainmentPct, decimal gap)
    {
        var target = TargetResolution.Resolve(TargetKind.IncreaseOverPrevious, 0m, null, 1000m, null);
        var input = new AttainmentInput(Comparator.Gt, target, Direction.Higher, 1, 2026, TargetResolution.BaselineYear(TargetKind.IncreaseOverPrevious, 2026, null),
            new SeriesPoint(Day.Of("2026-12-31"), actual), NoSeries, Day.Of("2027-03-31"));

        var result = Attainment.Calculate(input);

        Assert.That((result.Met, result.Status, result.AttainmentPct, result.Gap), Is.EqualTo(((bool?)met, status, (decimal?)attainmentPct, (decimal?)gap)));
    }

    // Bình Thuận ended on 2025-06-30. A target of a later year is judged only on a value after its end (derived from its
    // former territory); its own last value would otherwise hold for ever. Its 2025 target keeps its own 2025 data.
    [TestCase(2030, "2025-06-30", "2026-12-31", AttainmentStatus.UnitEnded)] // frozen 2025Q2 value: not judged
    [TestCase(2030, null, "2026-12-31", AttainmentStatus.UnitEnded)] // nothing at all
    [TestCase(2030, "2026-12-31", "2027-03-31", AttainmentStatus.InsufficientData)] // a territory value: judged (no trend yet)
    [TestCase(2030, "2025-06-30", "2025-06-30", AttainmentStatus.InsufficientData)] // judged as of its last day: still there
    [TestCase(2025, "2025-06-30", "2026-03-31", AttainmentStatus.Missed)] // its own year: judged on its own data
    [TestCase(2025, null, "2026-03-31", AttainmentStatus.NoData)]
    public void A_unit_that_ended_is_judged_on_its_territory_or_not_at_all(int targetYear, string? actualEnd, string asOf, AttainmentStatus status)
    {
        var input = Input(Comparator.Gt, 95m, actualEnd is null ? null : 94m, actualEnd: actualEnd ?? "2025-06-30", targetYear: targetYear, asOf: asOf)
            with { UnitValidTo = Day.Of("2025-06-30") };

        var result = Attainment.Calculate(input);

        Assert.That(result.Status, Is.EqualTo(status));
        Assert.That(Attainment.UnitEnded(input), Is.EqualTo(status == AttainmentStatus.UnitEnded));
        if (status == AttainmentStatus.UnitEnded) Assert.That(result, Is.EqualTo(AttainmentResult.Empty(AttainmentStatus.UnitEnded)));
    }

    [Test]
    public void A_met_target_of_a_unit_that_ended_is_not_achieved_on_a_frozen_value()
    {
        var input = Input(Comparator.Gt, 95m, 96m, actualEnd: "2025-06-30", targetYear: 2030, asOf: "2026-12-31") with { UnitValidTo = Day.Of("2025-06-30") };

        Assert.That(Attainment.Calculate(input).Status, Is.EqualTo(AttainmentStatus.UnitEnded));
    }

    // Bình Thuận's 2025 BHYT coverage, tracked on its own data up to 30 June 2025, judged after the year ended.
    [TestCase(Comparator.Gte, true, AttainmentStatus.Achieved)]
    [TestCase(Comparator.Gt, false, AttainmentStatus.Missed)]
    public void BHYT_coverage_of_95_against_95(Comparator comparator, bool met, AttainmentStatus status)
    {
        var result = Attainment.Calculate(Input(comparator, 95m, 95.00m, actualEnd: "2025-06-30", targetYear: 2025, asOf: "2026-03-31"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Met, Is.EqualTo(met));
            Assert.That(result.Status, Is.EqualTo(status));
            Assert.That(result.AttainmentPct, Is.EqualTo(100m));
            Assert.That(result.Gap, Is.EqualTo(0m));
        });
    }

    // R = observed / required, both toward the target. Actual at the end of 2025 (tA = 2026), target 2030 (tT = 2031),
    // baseline of 2024 (tB = 2025), so observed = A − B and required = (T − A) / 5, with T − A = ±5: required = ±1 and R is
    // the observed change toward the target. Boundaries 0.95 and 0.6 are exact.
    [TestCase(Comparator.Gte, Direction.Higher, 10.95, 15.95, null, 10, AttainmentStatus.OnTrack)] // R = 0.95
    [TestCase(Comparator.Gte, Direction.Higher, 10.949, 15.949, null, 10, AttainmentStatus.AtRisk)] // R = 0.949
    [TestCase(Comparator.Gte, Direction.Higher, 10.6, 15.6, null, 10, AttainmentStatus.AtRisk)] // R = 0.6
    [TestCase(Comparator.Gte, Direction.Higher, 10.599, 15.599, null, 10, AttainmentStatus.OffTrack)] // R = 0.599
    [TestCase(Comparator.Gte, Direction.Higher, 10, 15, null, 10, AttainmentStatus.OffTrack)] // R = 0
    [TestCase(Comparator.Gte, Direction.Higher, 9.999, 14.999, null, 10, AttainmentStatus.Regressing)] // R = −0.001
    [TestCase(Comparator.Gte, Direction.Higher, 12, 17, null, 10, AttainmentStatus.OnTrack)] // R = 2
    [TestCase(Comparator.Gt, Direction.Higher, 10.8, 15.8, null, 10, AttainmentStatus.AtRisk)] // R = 0.8
    [TestCase(Comparator.Lte, Direction.Lower, 19.05, 14.05, null, 20, AttainmentStatus.OnTrack)] // −0.95 / −1
    [TestCase(Comparator.Lte, Direction.Lower, 19.051, 14.051, null, 20, AttainmentStatus.AtRisk)] // −0.949 / −1
    [TestCase(Comparator.Lte, Direction.Lower, 19.4, 14.4, null, 20, AttainmentStatus.AtRisk)] // −0.6 / −1
    [TestCase(Comparator.Lte, Direction.Lower, 19.401, 14.401, null, 20, AttainmentStatus.OffTrack)] // −0.599 / −1
    [TestCase(Comparator.Lte, Direction.Lower, 20, 15, null, 20, AttainmentStatus.OffTrack)] // 0 / −1
    [TestCase(Comparator.Lte, Direction.Lower, 20.001, 15.001, null, 20, AttainmentStatus.Regressing)] // 0.001 / −1
    [TestCase(Comparator.Lt, Direction.Lower, 19.7, 14.7, null, 20, AttainmentStatus.OffTrack)] // −0.3 / −1
    [TestCase(Comparator.Eq, Direction.Higher, 10.95, 15.95, null, 10, AttainmentStatus.OnTrack)] // up toward 15.95
    [TestCase(Comparator.Eq, Direction.Higher, 19.4, 14.4, null, 20, AttainmentStatus.AtRisk)] // down toward 14.4
    [TestCase(Comparator.Eq, Direction.Higher, 20.001, 15.001, null, 20, AttainmentStatus.Regressing)] // away from 15.001
    // between [L, U]: toward L from below (higher is better), toward U from above (lower is better).
    [TestCase(Comparator.Between, Direction.Higher, 10.95, 15.95, 16.95, 10, AttainmentStatus.OnTrack)]
    [TestCase(Comparator.Between, Direction.Higher, 10.599, 15.599, 16.599, 10, AttainmentStatus.OffTrack)]
    [TestCase(Comparator.Between, Direction.Higher, 9.999, 14.999, 15.999, 10, AttainmentStatus.Regressing)]
    [TestCase(Comparator.Between, Direction.Lower, 19.05, 13.05, 14.05, 20, AttainmentStatus.OnTrack)]
    [TestCase(Comparator.Between, Direction.Lower, 19.4, 13.4, 14.4, 20, AttainmentStatus.AtRisk)]
    [TestCase(Comparator.Between, Direction.Lower, 20.001, 14.001, 15.001, 20, AttainmentStatus.Regressing)]
    public void Status_bands_of_observed_over_required_rate(
        Comparator comparator, Direction direction, decimal actual, decimal target, decimal? upper, decimal baseline, AttainmentStatus status)
    {
        var result = Attainment.Calculate(Input(
            comparator, target, actual, direction: direction, decimals: 3, upper: upper, baseline: baseline, baselineYear: 2024));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(status));
            Assert.That(result.ObservedPerYear, Is.EqualTo(actual - baseline));
            Assert.That(Math.Abs(result.RequiredPerYear!.Value), Is.EqualTo(1m));
        });
    }

    // gt 95 with A read as 95.00: nothing is left to close but the target must still be passed, so the sign of the
    // observed change decides. The baseline of 2024 makes observed = A − B.
    [TestCase(Comparator.Gt, Direction.Higher, 95.00, 95, 94, AttainmentStatus.OnTrack)]
    [TestCase(Comparator.Gt, Direction.Higher, 95.004, 95, 94, AttainmentStatus.OnTrack)]
    [TestCase(Comparator.Gt, Direction.Higher, 95.00, 95, 95, AttainmentStatus.OffTrack)]
    [TestCase(Comparator.Gt, Direction.Higher, 95.00, 95, 96, AttainmentStatus.Regressing)]
    [TestCase(Comparator.Lt, Direction.Lower, 12.50, 12.5, 13, AttainmentStatus.OnTrack)]
    [TestCase(Comparator.Lt, Direction.Lower, 12.50, 12.5, 12.5, AttainmentStatus.OffTrack)]
    [TestCase(Comparator.Lt, Direction.Lower, 12.50, 12.5, 12, AttainmentStatus.Regressing)]
    public void A_strict_target_reached_but_not_passed_goes_by_the_direction_of_change(
        Comparator comparator, Direction direction, decimal actual, decimal target, decimal baseline, AttainmentStatus status)
    {
        var result = Attainment.Calculate(Input(comparator, target, actual, direction: direction, baseline: baseline, baselineYear: 2024));

        Assert.Multiple(() =>
        {
            Assert.That(result.Met, Is.False);
            Assert.That(result.RequiredPerYear, Is.EqualTo(0m));
            Assert.That(result.Status, Is.EqualTo(status));
        });
    }

    [TestCase("2031-02-01", true, AttainmentStatus.Achieved)] // met stays achieved after the year
    [TestCase("2031-01-01", false, AttainmentStatus.Missed)] // the first day after the target year
    [TestCase("2030-12-31", false, AttainmentStatus.OffTrack)] // the last day of the target year: still running
    public void Missed_only_once_the_target_year_has_ended(string asOf, bool met, AttainmentStatus status)
    {
        // Baseline 10 in 2024, A at the end of September 2030; target 15 (met needs A = 15).
        var actual = met ? 15m : 11m;

        var result = Attainment.Calculate(Input(
            Comparator.Gte, 15m, actual, actualEnd: "2030-09-30", baseline: 10m, baselineYear: 2024, asOf: asOf));

        Assert.That(result.Status, Is.EqualTo(status));
    }

    [Test]
    public void An_actual_for_the_whole_target_year_leaves_no_time_and_is_missed()
    {
        var result = Attainment.Calculate(Input(
            Comparator.Gte, 15m, 11m, actualEnd: "2030-12-31", baseline: 10m, baselineYear: 2024, asOf: "2030-12-31"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(AttainmentStatus.Missed));
            Assert.That(result.RequiredPerYear, Is.Null);
            Assert.That(result.Projected, Is.EqualTo(11m));
        });
    }

    [Test]
    public void Without_an_actual_there_is_no_data_even_after_the_year()
    {
        var result = Attainment.Calculate(Input(Comparator.Gte, 15m, null, baseline: 10m, baselineYear: 2024, asOf: "2031-06-30"));

        Assert.That(result, Is.EqualTo(new AttainmentResult(null, null, null, null, null, null, null, null, null, AttainmentStatus.NoData)));
    }

    [Test]
    public void A_relative_target_without_baseline_is_noBaseline()
    {
        var input = Input(Comparator.Gte, 0m, 11m) with
        {
            Target = TargetResolution.Resolve(TargetKind.IncreaseBy, 1.5m, null, null, null),
        };

        var result = Attainment.Calculate(input);

        Assert.That(result, Is.EqualTo(new AttainmentResult(null, null, null, null, null, null, null, null, null, AttainmentStatus.NoBaseline)));
    }

    [Test]
    public void A_matchUnit_target_without_the_reference_actual_is_noData()
    {
        var input = Input(Comparator.Gte, 0m, 11m) with
        {
            Target = TargetResolution.Resolve(TargetKind.MatchUnit, 0m, null, null, null),
        };

        Assert.That(Attainment.Calculate(input).Status, Is.EqualTo(AttainmentStatus.NoData));
    }

    [Test]
    public void A_single_value_without_baseline_has_no_trend()
    {
        var result = Attainment.Calculate(Input(Comparator.Gte, 15m, 11m));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(AttainmentStatus.InsufficientData));
            Assert.That(result.ObservedPerYear, Is.Null);
            Assert.That(result.Projected, Is.Null);
            Assert.That(result.RequiredPerYear, Is.EqualTo(0.8m)); // (15 − 11) / 5
        });
    }

    [Test]
    public void A_baseline_without_its_year_gives_progress_but_no_trend()
    {
        // progress 100 · (11 − 10) / (15 − 10) = 20; the straight path and the single-value slope need tB.
        var result = Attainment.Calculate(Input(Comparator.Gte, 15m, 11m, baseline: 10m));

        Assert.Multiple(() =>
        {
            Assert.That(result.ProgressPct, Is.EqualTo(20m));
            Assert.That(result.ExpectedNow, Is.Null);
            Assert.That(result.ObservedPerYear, Is.Null);
            Assert.That(result.Status, Is.EqualTo(AttainmentStatus.InsufficientData));
        });
    }

    [Test]
    public void Baseline_formulas_progress_expected_now_and_single_value_trend()
    {
        // B = 10 in 2020 (tB = 2021), T = 20 in 2030 (tT = 2031), A = 12 at the end of 2025 (tA = 2026).
        var result = Attainment.Calculate(Input(Comparator.Gte, 20m, 12m, baseline: 10m, baselineYear: 2020));

        // progress 100 · 2 / 10 = 20; expected 10 + 10 · 5 / 10 = 15; observed (12 − 10) / 5 = 0.4;
        // required (20 − 12) / 5 = 1.6; projected 12 + 0.4 · 5 = 14; R = 0.25: off track.
        Assert.That(result, Is.EqualTo(new AttainmentResult(
            Met: false, AttainmentPct: 60m, Gap: 8m, GapPct: 40m, ProgressPct: 20m, ExpectedNow: 15m,
            ObservedPerYear: 0.4m, RequiredPerYear: 1.6m, Projected: 14m, Status: AttainmentStatus.OffTrack)));
    }

    [Test]
    public void Baseline_formulas_lower_is_better()
    {
        // B = 20 in 2020, T = 10 (lte) in 2030, A = 14 at the end of 2025: progress 100 · (−6) / (−10) = 60;
        // expected 20 − 10 · 5 / 10 = 15; observed −6 / 5 = −1.2; required −4 / 5 = −0.8; R = 1.5.
        var result = Attainment.Calculate(Input(
            Comparator.Lte, 10m, 14m, direction: Direction.Lower, baseline: 20m, baselineYear: 2020));

        Assert.That(result, Is.EqualTo(new AttainmentResult(
            Met: false, AttainmentPct: 71.43m, Gap: 4m, GapPct: 40m, ProgressPct: 60m, ExpectedNow: 15m,
            ObservedPerYear: -1.2m, RequiredPerYear: -0.8m, Projected: 8m, Status: AttainmentStatus.OnTrack)));
    }

    [Test]
    public void Progress_is_unknown_when_the_target_equals_the_baseline()
    {
        var result = Attainment.Calculate(Input(Comparator.Gte, 10m, 9m, baseline: 10m, baselineYear: 2024));

        Assert.That(result.ProgressPct, Is.Null);
    }

    [Test]
    public void Expected_now_uses_decimal_years_at_the_period_end()
    {
        // tA for 30 June 2025 = 2025 + 181/365; expected 10 + 10 · (tA − 2021) / 10 = 14 + 181/365 = 14.49589 → 14.496.
        var result = Attainment.Calculate(Input(
            Comparator.Gte, 20m, 12m, actualEnd: "2025-06-30", decimals: 1, baseline: 10m, baselineYear: 2020));

        Assert.That(result.ExpectedNow, Is.EqualTo(14.496m));
    }

    [Test]
    public void The_trend_is_the_least_squares_slope_over_uneven_times()
    {
        // u = t − 2025 = 0, f, 1 with f = 181/365 and values 10, 10, 11: slope = (2 − f) / (2 (f² − f + 1))
        // = 200385 / 199842 = 1.002717 → 1.0027 (decimals 2 + 2). The end points alone would give 1.
        var series = new[] { Point("2024-12-31", 10m), Point("2025-06-30", 10m) };

        var result = Attainment.Calculate(Input(Comparator.Gte, 20m, 11m, series: series));

        Assert.That(result.ObservedPerYear, Is.EqualTo(1.0027m));
    }

    [Test]
    public void The_trend_window_is_the_three_years_up_to_the_actual()
    {
        // t = 2023 is exactly tA − 3 and left out, as is anything after A; 1, 2, 3 at t = 2024, 2025, 2026 give 1 a year.
        var series = new[]
        {
            Point("2022-12-31", 100m), Point("2023-12-31", 1m), Point("2024-12-31", 2m), Point("2026-12-31", 50m),
        };

        var result = Attainment.Calculate(Input(Comparator.Gte, 20m, 3m, series: series, asOf: "2027-03-31"));

        Assert.That(result.ObservedPerYear, Is.EqualTo(1m));
    }

    [Test]
    public void The_trend_window_includes_a_value_just_after_its_start()
    {
        // 1 January 2023 is t = 2023 + 1/365 > tA − 3: slope 3 / (3 − 1/365) = 1095 / 1094 = 1.000914 → 1.0009.
        var series = new[] { Point("2023-01-01", 0m) };

        var result = Attainment.Calculate(Input(Comparator.Gte, 20m, 3m, series: series));

        Assert.That(result.ObservedPerYear, Is.EqualTo(1.0009m));
    }

    [Test]
    public void The_actual_replaces_a_series_value_with_the_same_period_end()
    {
        var series = new[] { Point("2024-12-31", 10m), Point("2025-12-31", 999m) };

        var result = Attainment.Calculate(Input(Comparator.Gte, 20m, 11m, series: series));

        Assert.That(result.ObservedPerYear, Is.EqualTo(1m));
    }

    // Exceeding a target gives a negative gap and more than 100 %; a zero divisor gives no percentage.
    [TestCase(Comparator.Gte, Direction.Higher, 90, 95, 105.56, -5, -5.56)] // 100 · 95 / 90; 100 · −5 / 90
    [TestCase(Comparator.Lte, Direction.Lower, 2, 0, null, -2, -100)] // 100 · 2 / 0 is unknown
    [TestCase(Comparator.Gte, Direction.Higher, 0, 5, null, -5, null)] // T = 0
    [TestCase(Comparator.Lte, Direction.Lower, 20, 16, 125, -4, -20)] // 100 · 20 / 16
    public void Attainment_and_gap_beyond_the_target(
        Comparator comparator, Direction direction, decimal target, decimal actual, decimal? attainmentPct, decimal gap, decimal? gapPct)
    {
        var result = Attainment.Calculate(Input(comparator, target, actual, direction: direction));

        Assert.Multiple(() =>
        {
            Assert.That(result.Met, Is.True);
            Assert.That(result.Status, Is.EqualTo(AttainmentStatus.Achieved));
            Assert.That(result.AttainmentPct, Is.EqualTo(attainmentPct));
            Assert.That(result.Gap, Is.EqualTo(gap));
            Assert.That(result.GapPct, Is.EqualTo(gapPct));
        });
    }

    [Test]
    public void Actual_and_target_are_read_at_the_indicator_precision()
    {
        // 94.996 at 2 decimals is 95.00: met, so the gap is 0, not 0.004.
        var result = Attainment.Calculate(Input(Comparator.Gte, 95m, 94.996m));

        Assert.Multiple(() =>
        {
            Assert.That(result.Met, Is.True);
            Assert.That(result.Gap, Is.EqualTo(0m));
            Assert.That(result.AttainmentPct, Is.EqualTo(100m));
        });
    }

    [TestCase("2026-09-01", 2025, "2025-12-31")] // a 2025 target is judged on 2025 data even when 2026 figures exist
    [TestCase("2025-10-01", 2025, "2025-06-30")] // the latest before asOf
    [TestCase("2025-06-30", 2025, "2025-06-30")] // a period ending on asOf counts
    [TestCase("2026-09-01", 2030, "2026-06-30")]
    [TestCase("2024-12-30", 2030, null)] // nothing yet
    public void SelectActual_takes_the_latest_value_up_to_asOf_and_the_end_of_the_target_year(string asOf, int targetYear, string? expectedEnd)
    {
        var series = new[]
        {
            Point("2025-12-31", 3m), Point("2024-12-31", 1m), Point("2026-06-30", 4m), Point("2025-06-30", 2m),
        };

        var actual = Attainment.SelectActual(series, Day.Of(asOf), targetYear);

        Assert.That(actual?.PeriodEnd, Is.EqualTo(expectedEnd is null ? (DateOnly?)null : Day.Of(expectedEnd)));
    }

    [Test]
    public void SelectActual_takes_the_last_given_of_points_with_the_same_end()
    {
        // A year and its fourth quarter both end on 31 December: the series lists the year last, and the year is read.
        var series = new[] { Point("2025-09-30", 1m), Point("2025-12-31", 2m), Point("2025-12-31", 3m) };

        var actual = Attainment.SelectActual(series, Day.Of("2026-03-31"), 2030);

        Assert.That(actual?.Value, Is.EqualTo(3m));
    }
}

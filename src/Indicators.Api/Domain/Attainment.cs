namespace Indicators.Api.Domain;

/// <summary>Where a unit stands against a target (DESIGN §Attainment <c>status</c>).</summary>
public enum AttainmentStatus { Achieved, OnTrack, AtRisk, OffTrack, Regressing, Missed, NoData, InsufficientData, NoBaseline, UnitEnded }

/// <summary>One value of a unit's series: the end date of its period and the value.</summary>
public readonly record struct SeriesPoint(DateOnly PeriodEnd, decimal Value);

/// <summary>
/// Everything the attainment of one target needs. <see cref="Actual"/> is A at the end of its period, already chosen by
/// <see cref="Attainment.SelectActual"/> or derived by roll-up; null when there is none. <see cref="Series"/> holds the
/// unit's values at the indicator's frequency (one per period end) for the trend; A replaces a value with the same period end.
/// <see cref="UnitValidTo"/> is the last day of a unit that ended (a province dissolved in the 2025 merger).
/// </summary>
public sealed record AttainmentInput(
    Comparator Comparator,
    ResolvedTarget Target,
    Direction Direction,
    int Decimals,
    int TargetYear,
    int? BaselineYear,
    SeriesPoint? Actual,
    IReadOnlyList<SeriesPoint> Series,
    DateOnly AsOf,
    DateOnly? UnitValidTo = null);

/// <summary>
/// The fields of an attainment row (DESIGN §Attainment). Percentages are rounded to 2 decimals; values in the indicator's
/// unit (gap, expectedNow, projected and the rates per year) to the indicator's decimals + 2. Null where a formula does
/// not apply (no actual, no baseline, a zero divisor, no trend). <see cref="BeyondBand"/>: a <c>between</c> target
/// over-achieved, the actual lies beyond the band in the indicator's good direction (met, attainment 100, gap 0).
/// </summary>
public sealed record AttainmentResult(
    bool? Met,
    decimal? AttainmentPct,
    decimal? Gap,
    decimal? GapPct,
    decimal? ProgressPct,
    decimal? ExpectedNow,
    decimal? ObservedPerYear,
    decimal? RequiredPerYear,
    decimal? Projected,
    AttainmentStatus Status,
    bool BeyondBand = false)
{
    internal static AttainmentResult Empty(AttainmentStatus status) => new(null, null, null, null, null, null, null, null, null, status);
}

/// <summary>
/// The attainment calculator: met, attainment, gap, progress against the straight path from baseline to target, the trend
/// and the status from the ratio of the observed to the required rate of change (DESIGN §Attainment).
/// </summary>
public static class Attainment
{
    /// <summary>R at or above this is on track.</summary>
    public const decimal OnTrackRatio = 0.95m;

    /// <summary>R at or above this (and below <see cref="OnTrackRatio"/>) is at risk; below it, off track.</summary>
    public const decimal AtRiskRatio = 0.6m;

    /// <summary>The trend uses the values of the last three years up to A: tA − 3 &lt; t ≤ tA.</summary>
    public const int TrendYears = 3;

    private const int PercentDecimals = 2;

    /// <summary>
    /// The actual a target is judged on: the latest point whose period ends on or before the earlier of
    /// <paramref name="asOf"/> and the end of <paramref name="targetYear"/>, so a 2025 target is judged on 2025 data.
    /// </summary>
    public static SeriesPoint? SelectActual(IEnumerable<SeriesPoint> series, DateOnly asOf, int targetYear)
    {
        var cutOff = Cutoff(asOf, targetYear);
        // The latest point up to the cut-off; of points with the same end, the last given.
        SeriesPoint? latest = null;
        foreach (var point in series)
        {
            if (point.PeriodEnd <= cutOff && (latest is not { } known || point.PeriodEnd >= known.PeriodEnd)) latest = point;
        }
        return latest;
    }

    public static AttainmentResult Calculate(AttainmentInput input)
    {
        var resolved = input.Target;
        if (UnitEnded(input)) return AttainmentResult.Empty(AttainmentStatus.UnitEnded);
        if (resolved.Status == TargetResolutionStatus.NoBaseline) return AttainmentResult.Empty(AttainmentStatus.NoBaseline);
        if (resolved.Target is not { } resolvedTarget || input.Actual is not { } actual) return AttainmentResult.Empty(AttainmentStatus.NoData);

        // A, T, U and B are read at the indicator's precision, as reported, so that the gap is never positive when the
        // target is met (95.004 at 2 decimals is 95.00). The trend uses the series as stored.
        var a = Comparison.Round(actual.Value, input.Decimals);
        var target = Comparison.Round(resolvedTarget, input.Decimals);
        var isBetween = input.Comparator == Comparator.Between;
        var upper = isBetween ? Comparison.Round(Comparison.RequireUpper(resolved.Upper), input.Decimals) : target;
        var b = Round(resolved.Baseline, input.Decimals);
        // The single value the actual is measured against: T, or for between the bound nearer to A (L on a tie).
        var aim = !isBetween || Math.Abs(a - target) <= Math.Abs(a - upper) ? target : upper;

        // A band on a directional indicator is a floor (or a ceiling) with a range of "enough": "từ 4 - 5 bác sĩ" is not
        // missed by 6 doctors on a higher-is-better indicator. Only a value beyond the band in the bad direction falls short.
        var beyondBand = isBetween && (input.Direction == Direction.Higher ? a > upper : a < target);
        var met = beyondBand || Comparison.IsMet(input.Comparator, a, target, upper, input.Decimals);
        var gap = beyondBand ? 0
            : isBetween ? Math.Max(target - a, 0) + Math.Max(a - upper, 0)
            : input.Direction == Direction.Higher ? target - a : a - target;
        var attainmentPct = beyondBand ? 100m
            : isBetween ? BetweenAttainmentPct(a, target, upper)
            : input.Direction == Direction.Higher ? Percent(a, target) : Percent(target, a);

        var tA = Period.DecimalYear(actual.PeriodEnd);
        var tT = input.TargetYear + 1m; // the end of the target year, 31 December
        decimal? tB = input.BaselineYear + 1m;

        // Lifted arithmetic: each of these is null when B or its year is unknown.
        decimal? progressPct = aim != b ? 100 * (a - b) / (aim - b) : null;
        decimal? expectedNow = tT != tB ? b + (aim - b) * (tA - tB) / (tT - tB) : null;
        var trend = TrendWindow(actual, tA, input.Series);
        decimal? observed = trend.Count > 1 ? Slope(trend)
            : tA != tB ? (a - b) / (tA - tB) : null; // A alone: the change since the baseline
        decimal? required = tT > tA ? (aim - a) / (tT - tA) : null;
        decimal? projected = observed * (tT - tA) + a;

        var status = Status(input, met, a, aim, observed, required, tA >= tT);
        var valueDecimals = input.Decimals + 2;
        return new AttainmentResult(
            met,
            Round(attainmentPct, PercentDecimals),
            Comparison.Round(gap, valueDecimals),
            Round(aim == 0 ? null : 100 * gap / Math.Abs(aim), PercentDecimals),
            Round(progressPct, PercentDecimals),
            Round(expectedNow, valueDecimals),
            Round(observed, valueDecimals),
            Round(required, valueDecimals),
            Round(projected, valueDecimals),
            status,
            beyondBand);
    }

    /// <summary>
    /// A unit that ended before the day its target is judged at, for a target year after the year it ended, is judged
    /// on values for its former territory after its end (derived from the units formed wholly from it); without one its
    /// last own value would be frozen for ever, so it is not judged at all. A target of the year the unit ended is still
    /// judged on that year's data, its own included.
    /// </summary>
    public static bool UnitEnded(AttainmentInput input) =>
        input.UnitValidTo is { } end
        && end < Cutoff(input.AsOf, input.TargetYear)
        && input.TargetYear > end.Year
        && (input.Actual is not { } actual || actual.PeriodEnd <= end);

    /// <summary>A target is judged on data up to the earlier of asOf and the end of its year.</summary>
    public static DateOnly Cutoff(DateOnly asOf, int targetYear) =>
        asOf < new DateOnly(targetYear, 12, 31) ? asOf : new DateOnly(targetYear, 12, 31);

    /// <param name="noTimeLeft">A's period already ends at (or after) the end of the target year.</param>
    private static AttainmentStatus Status(
        AttainmentInput input, bool met, decimal a, decimal aim, decimal? observed, decimal? required, bool noTimeLeft)
    {
        if (met) return AttainmentStatus.Achieved;
        if (input.AsOf > new DateOnly(input.TargetYear, 12, 31) || noTimeLeft) return AttainmentStatus.Missed;
        if (observed is not { } observedRate || required is not { } requiredRate) return AttainmentStatus.InsufficientData;

        // Sign both rates toward the target: up for gte/gt, down for lte/lt (with the usual pairing this is DESIGN's
        // "flip the signs for lower-is-better"); toward T for eq and toward the nearer bound for between.
        var toward = input.Comparator switch
        {
            Comparator.Gte or Comparator.Gt => 1,
            Comparator.Lte or Comparator.Lt => -1,
            _ => Math.Sign(aim - a),
        };
        var observedToward = toward * observedRate;
        var requiredToward = toward * requiredRate;
        if (requiredToward <= 0)
        {
            // A sits on the target but a strict comparator wants it passed (gt 95 with A = 95.00): any move toward the
            // target is enough, standing still is off track.
            return observedToward > 0 ? AttainmentStatus.OnTrack
                : observedToward == 0 ? AttainmentStatus.OffTrack
                : AttainmentStatus.Regressing;
        }

        var ratio = observedToward / requiredToward;
        return ratio >= OnTrackRatio ? AttainmentStatus.OnTrack
            : ratio >= AtRiskRatio ? AttainmentStatus.AtRisk
            : ratio >= 0 ? AttainmentStatus.OffTrack
            : AttainmentStatus.Regressing;
    }

    /// <summary>The points of the trend: the series and A (replacing a value with the same period end), with tA − 3 &lt; t ≤ tA.</summary>
    /// <param name="tA">The decimal year of A.</param>
    private static List<(decimal T, decimal Value)> TrendWindow(SeriesPoint actual, decimal tA, IReadOnlyList<SeriesPoint> series)
    {
        var from = tA - TrendYears;
        // Room for every point and A: this runs for every row of a report.
        var window = new List<(decimal T, decimal Value)>(series.Count + 1);
        foreach (var point in series)
        {
            // A later end is a later decimal year, and A replaces a point of its own end: only earlier points count.
            if (point.PeriodEnd >= actual.PeriodEnd) continue;
            var t = Period.DecimalYear(point.PeriodEnd);
            if (t > from) window.Add((t, point.Value));
        }
        window.Add((tA, actual.Value));
        return window;
    }

    /// <summary>The ordinary least-squares slope of value over time in years; needs two distinct times.</summary>
    private static decimal Slope(List<(decimal T, decimal Value)> points)
    {
        var (sumT, sumValue) = (0m, 0m);
        foreach (var (t, value) in points) (sumT, sumValue) = (sumT + t, sumValue + value);
        var (meanT, meanValue) = (sumT / points.Count, sumValue / points.Count);
        var (covariance, variance) = (0m, 0m);
        foreach (var (t, value) in points)
        {
            var fromMean = t - meanT;
            (covariance, variance) = (covariance + fromMean * (value - meanValue), variance + fromMean * fromMean);
        }
        return covariance / variance;
    }

    private static decimal? BetweenAttainmentPct(decimal a, decimal lower, decimal upper) =>
        a < lower ? Percent(a, lower)
        : a > upper ? Percent(upper, a)
        : 100m;

    /// <summary>100 · numerator / denominator, or null for a zero denominator.</summary>
    private static decimal? Percent(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : 100 * numerator / denominator;

    private static decimal? Round(decimal? value, int decimals) =>
        value is { } v ? Comparison.Round(v, decimals) : null;
}

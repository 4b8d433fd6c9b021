namespace Indicators.Api.Domain;

/// <summary>Whether a target's value could be worked out from its kind.</summary>
public enum TargetResolutionStatus
{
    Resolved,

    /// <summary>A relative kind without a baseline, given or stored: never guessed (attainment status <c>noBaseline</c>).</summary>
    NoBaseline,

    /// <summary>A <c>matchUnit</c> target whose reference unit has no actual (attainment status <c>noData</c>).</summary>
    NoReferenceActual,
}

/// <summary>
/// The effective target: <see cref="Target"/> is T (the lower bound L for <c>between</c>), <see cref="Upper"/> is U for
/// <c>between</c>, <see cref="Baseline"/> is B when known. Target is null unless <see cref="Status"/> is Resolved.
/// </summary>
public sealed record ResolvedTarget(decimal? Target, decimal? Upper, decimal? Baseline, TargetResolutionStatus Status);

/// <summary>Turns a target's kind and value into the value the actual is compared with (DESIGN §2 Targets).</summary>
public static class TargetResolution
{
    /// <summary>
    /// The year whose value is the baseline: the given one, or for <c>increaseOverPrevious</c> ("bảo đảm mức tăng chi
    /// ngân sách hằng năm") always the year before the target year.
    /// </summary>
    public static int? BaselineYear(TargetKind kind, int targetYear, int? baselineYear) =>
        kind == TargetKind.IncreaseOverPrevious ? targetYear - 1 : baselineYear;

    /// <summary>
    /// Resolves T (and U) for <paramref name="kind"/>. For <c>increaseOverPrevious</c> the baseline is the previous year's
    /// value and <paramref name="value"/> the least increase over it (0 with <c>gt</c>: any increase). <paramref name="baseline"/> is the given baseline value, or the stored
    /// value of the baseline year, looked up by the caller. <paramref name="referenceActual"/> is the reference unit's actual
    /// for <c>matchUnit</c>, where <paramref name="value"/> is a margin added to it (usually 0).
    /// For a relative <c>between</c> both bounds are transformed and kept in order: "decrease by 1 to 2" from 10 is [8, 9].
    /// </summary>
    public static ResolvedTarget Resolve(TargetKind kind, decimal value, decimal? upperValue, decimal? baseline, decimal? referenceActual)
    {
        Func<decimal, decimal>? toTarget = (kind, baseline, referenceActual) switch
        {
            (TargetKind.Absolute, _, _) => v => v,
            (TargetKind.IncreaseBy, { } b, _) => v => b + v,
            (TargetKind.DecreaseBy, { } b, _) => v => b - v,
            (TargetKind.IncreaseByPercent, { } b, _) => v => b * (1 + v / 100),
            (TargetKind.DecreaseByPercent, { } b, _) => v => b * (1 - v / 100),
            (TargetKind.MatchUnit, _, { } reference) => v => reference + v,
            (TargetKind.IncreaseOverPrevious, { } b, _) => v => b + v,
            _ => null,
        };
        if (toTarget is null)
        {
            // A matchUnit target without the reference's actual has nothing to compare with; it is reported as noData
            // (like a missing actual) rather than guessed. Every other failure here is a relative kind without a baseline.
            var status = kind == TargetKind.MatchUnit ? TargetResolutionStatus.NoReferenceActual : TargetResolutionStatus.NoBaseline;
            return new ResolvedTarget(null, null, baseline, status);
        }

        var target = toTarget(value);
        if (upperValue is not { } upper) return new ResolvedTarget(target, null, baseline, TargetResolutionStatus.Resolved);
        var other = toTarget(upper);
        return new ResolvedTarget(Math.Min(target, other), Math.Max(target, other), baseline, TargetResolutionStatus.Resolved);
    }
}

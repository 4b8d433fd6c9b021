namespace Indicators.Api.Domain;

/// <summary>Whether an actual meets a target's comparator, at the indicator's precision (DESIGN §Attainment <c>met</c>).</summary>
public static class Comparison
{
    /// <summary>
    /// Applies <paramref name="comparator"/> after rounding both sides to <paramref name="decimals"/>:
    /// <c>gt 95</c> is not met by 95.004 at 2 decimals (it reads 95.00), <c>gte 95</c> is.
    /// <c>between</c> is the closed band [<paramref name="target"/>, <paramref name="upper"/>].
    /// </summary>
    public static bool IsMet(Comparator comparator, decimal actual, decimal target, decimal? upper, int decimals)
    {
        var a = Round(actual, decimals);
        var t = Round(target, decimals);
        return comparator switch
        {
            Comparator.Gte => a >= t,
            Comparator.Gt => a > t,
            Comparator.Lte => a <= t,
            Comparator.Lt => a < t,
            Comparator.Eq => a == t,
            Comparator.Between => a >= t && a <= Round(RequireUpper(upper), decimals),
            _ => throw new ArgumentOutOfRangeException(nameof(comparator), comparator, null),
        };
    }

    /// <summary>Rounds half away from zero (95.005 → 95.01), the way figures are read in reports.</summary>
    public static decimal Round(decimal value, int decimals) =>
        Math.Round(value, Math.Clamp(decimals, 0, 28), MidpointRounding.AwayFromZero);

    internal static decimal RequireUpper(decimal? upper) =>
        upper ?? throw new ArgumentException("A between target needs an upper value.", nameof(upper));
}

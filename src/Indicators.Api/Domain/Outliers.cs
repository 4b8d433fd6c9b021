using System.Globalization;

namespace Indicators.Api.Domain;

/// <summary>
/// Plausibility checks on a new value against the unit's own history (DESIGN §2): values are accepted, but a
/// value more than 3 standard deviations from the history's mean, or one that changes by more than 50 % from
/// the previous period of the same length, is flagged.
/// </summary>
public static class Outliers
{
    public const decimal ZLimit = 3m;
    public const decimal JumpLimit = 0.5m;

    /// <summary>The history needs this many values before a z-score means anything.</summary>
    public const int MinHistory = 4;

    /// <param name="decimals">The indicator's decimals: the numbers in the messages are rounded to them.</param>
    public static IReadOnlyList<string> Check(Period period, decimal value, IReadOnlyList<(Period Period, decimal Value)> history, int decimals)
    {
        string Show(decimal n) => Comparison.Round(n, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
        var warnings = new List<string>();
        var others = history.Where(h => h.Period != period).ToList();
        if (others.Count >= MinHistory)
        {
            var mean = others.Average(h => h.Value);
            var variance = others.Sum(h => (h.Value - mean) * (h.Value - mean)) / (others.Count - 1);
            var sd = (decimal)Math.Sqrt((double)variance);
            if (sd > 0 && Math.Abs(value - mean) / sd > ZLimit)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Show(value)} is {Math.Abs(value - mean) / sd:0.0} standard deviations from this unit's mean of {Show(mean)} over {others.Count} periods."));
            }
        }
        var previous = others.Where(h => h.Period.Kind == period.Kind && h.Period < period).OrderBy(h => h.Period).LastOrDefault();
        if (previous != default && previous.Value != 0)
        {
            var change = (value - previous.Value) / Math.Abs(previous.Value);
            if (Math.Abs(change) > JumpLimit)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{Show(value)} changes by {change * 100:+0;-0} % from {Show(previous.Value)} in {previous.Period}."));
            }
        }
        return warnings;
    }
}

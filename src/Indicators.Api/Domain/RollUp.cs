namespace Indicators.Api.Domain;

/// <summary>
/// One part of a roll-up: a child unit valid in the period, a predecessor before a merger, or a sub-period of a year.
/// A part that did not report has no <see cref="Value"/>. <see cref="Population"/> is the part's <c>POPULATION</c> for the
/// year, the weight of <c>weightedMean</c>.
/// </summary>
public readonly record struct RollUpPart(decimal? Value, decimal? Numerator = null, decimal? Denominator = null, decimal? Population = null);

/// <summary>Why a roll-up did or did not produce a value.</summary>
public enum RollUpStatus
{
    Derived,

    /// <summary>The aggregation is <c>none</c>: the indicator never derives.</summary>
    NotAggregable,

    /// <summary>Fewer parts reported than the minimum coverage asks for, or none at all.</summary>
    InsufficientCoverage,

    /// <summary>A reporting part lacks what the aggregation needs (numerator and denominator, or population), or a total is zero.</summary>
    MissingInputs,
}

/// <summary>
/// A derived value with its numerator and denominator sums (<c>ratio</c> only) and <see cref="CoveragePct"/>, the share of
/// the parts that reported, counted by parts and rounded to 2 decimals. The value is not rounded.
/// </summary>
public sealed record RollUpResult(decimal? Value, decimal? Numerator, decimal? Denominator, decimal CoveragePct, RollUpStatus Status);

/// <summary>A value of a unit for one period, as reported or derived.</summary>
public sealed record PeriodValue(Period Period, decimal Value, decimal? Numerator = null, decimal? Denominator = null);

/// <summary>Derives a unit's value for a period from its parts by the indicator's aggregation (DESIGN §Roll-ups).</summary>
public static class RollUp
{
    /// <summary>
    /// <c>sum</c>: Σ values; <c>ratio</c>: Σ numerators / Σ denominators × <paramref name="factor"/> (so the merged province's
    /// doctors per 10,000 is all doctors over all people, not a mean of the two ratios); <c>weightedMean</c>: Σ value × population
    /// / Σ population; <c>none</c>: never. A value is produced only when the share of parts that reported reaches
    /// <paramref name="minCoveragePct"/> (compared exactly, before rounding) and at least one part reported; the reporting
    /// parts are then aggregated.
    /// </summary>
    public static RollUpResult Derive(Aggregation aggregation, IReadOnlyList<RollUpPart> parts, decimal factor, decimal minCoveragePct = 100m)
    {
        // Plain loops: a country's roll-up calls this for every series and period with thousands of parts.
        var reported = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Value is not null) reported++;
        }
        var coverage = parts.Count == 0 ? 0m : 100m * reported / parts.Count;
        var coveragePct = Comparison.Round(coverage, 2);

        if (aggregation == Aggregation.None) return NoValue(RollUpStatus.NotAggregable);
        if (reported == 0 || coverage < minCoveragePct) return NoValue(RollUpStatus.InsufficientCoverage);

        switch (aggregation)
        {
            case Aggregation.Sum:
                var sum = 0m;
                for (var i = 0; i < parts.Count; i++)
                {
                    if (parts[i].Value is { } value) sum += value;
                }
                return new RollUpResult(sum, null, null, coveragePct, RollUpStatus.Derived);

            case Aggregation.Ratio:
                var (numerator, denominator) = (0m, 0m);
                for (var i = 0; i < parts.Count; i++)
                {
                    if (parts[i].Value is null) continue;
                    if (parts[i] is not { Numerator: { } n, Denominator: { } d }) return NoValue(RollUpStatus.MissingInputs);
                    (numerator, denominator) = (numerator + n, denominator + d);
                }
                return denominator == 0
                    ? NoValue(RollUpStatus.MissingInputs)
                    : new RollUpResult(numerator / denominator * factor, numerator, denominator, coveragePct, RollUpStatus.Derived);

            case Aggregation.WeightedMean:
                var (weight, weighted) = (0m, 0m);
                for (var i = 0; i < parts.Count; i++)
                {
                    if (parts[i].Value is not { } value) continue;
                    if (parts[i].Population is not { } population) return NoValue(RollUpStatus.MissingInputs);
                    (weight, weighted) = (weight + population, weighted + value * population);
                }
                if (weight == 0) return NoValue(RollUpStatus.MissingInputs);
                return new RollUpResult(weighted / weight, null, null, coveragePct, RollUpStatus.Derived);

            default:
                throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, null);
        }

        RollUpResult NoValue(RollUpStatus status) => new(null, null, null, coveragePct, status);
    }

    /// <summary>
    /// Why a value will not roll up, or null: a <c>ratio</c> indicator's value sent without its numerator and denominator
    /// is kept, but neither a province nor the country nor a year can be derived from it (Σnumerator / Σdenominator).
    /// </summary>
    public static string? CannotRollUp(Indicator indicator, decimal? numerator, decimal? denominator) =>
        indicator.Aggregation == Aggregation.Ratio && (numerator is null || denominator is null)
            ? $"{indicator.Code} is a ratio of {indicator.NumeratorEn ?? "a numerator"} to {indicator.DenominatorEn ?? "a denominator"}: "
              + "a value without numerator and denominator is kept but cannot roll up to the units above or into a year."
            : null;

    /// <summary>
    /// The value that stands for a whole year (DESIGN §Periods): the year's own value when reported; else for a stock
    /// (coverage, doctors per 10,000) the value of the latest period in the year, returned with that period; else for a
    /// flow (<paramref name="isFlow"/>: births, cases) the periods of one length that cover the whole year — half years,
    /// quarters or months — added up by <see cref="Derive"/> (<c>sum</c> or <c>ratio</c>) into a value for the year, or,
    /// for a flow reported year to date (<paramref name="basis"/>), its figure at 31 December. Null when nothing fits.
    /// </summary>
    public static PeriodValue? YearValue(int year, IEnumerable<PeriodValue> values, Aggregation aggregation, bool isFlow, decimal factor,
        PeriodBasis basis = PeriodBasis.PeriodAlone)
    {
        var inYear = values.Where(v => v.Period.Year == year).ToDictionary(v => v.Period);
        var wholeYear = Period.ForYear(year);
        if (inYear.TryGetValue(wholeYear, out var reported)) return reported;
        if (!isFlow) return inYear.Values.MaxBy(v => v.Period);
        // Year to date: the figure at 31 December is the year's; one of an earlier month, a 9-month total included, is not.
        if (basis == PeriodBasis.YearToDate)
        {
            return inYear.Values.MaxBy(v => v.Period) is { } latest && latest.Period.End == wholeYear.End ? latest with { Period = wholeYear } : null;
        }

        foreach (var kind in new[] { PeriodKind.HalfYear, PeriodKind.Quarter, PeriodKind.Month })
        {
            var parts = Period.InYear(year, kind)
                .Select(p => inYear.TryGetValue(p, out var v) ? new RollUpPart(v.Value, v.Numerator, v.Denominator) : new RollUpPart(null))
                .ToList();
            var derived = Derive(aggregation, parts, factor);
            if (derived.Value is { } value) return new PeriodValue(wholeYear, value, derived.Numerator, derived.Denominator);
        }
        return null;
    }
}

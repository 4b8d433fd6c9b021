namespace Indicators.Api.Domain;

/// <summary>An indicator of the catalog (DESIGN §2 Indicators).</summary>
public sealed record Indicator
{
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required string NameEn { get; init; }
    public required IndicatorUnit Unit { get; init; }
    /// <summary>value = numerator / denominator × factor.</summary>
    public required decimal Factor { get; init; }
    public required Direction Direction { get; init; }
    public required Aggregation Aggregation { get; init; }
    public required Frequency Frequency { get; init; }
    public required int Decimals { get; init; }
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public required string Group { get; init; }
    /// <summary>Whether a quarter's (half year's, 9 months') value is for that period alone or cumulative from 1 January.</summary>
    public PeriodBasis PeriodBasis { get; init; }
    /// <summary>For a ratio: what is counted above and below the line, in Vietnamese and English.</summary>
    public string? NumeratorVi { get; init; }
    public string? NumeratorEn { get; init; }
    public string? DenominatorVi { get; init; }
    public string? DenominatorEn { get; init; }
}

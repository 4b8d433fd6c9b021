using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Attainment.GetSeries;

/// <summary>A unit's values of one indicator over time, reported and derived, with the straight path to each target.</summary>
public sealed record SeriesResponse
{
    public required string Indicator { get; init; }
    public required string IndicatorName { get; init; }
    public required IndicatorUnit IndicatorUnit { get; init; }
    public required int Decimals { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    /// <summary>The disaggregation of the points and targets (<c>sex:female</c>); null for the total.</summary>
    public string? Disaggregation { get; init; }
    public required IReadOnlyList<SeriesPointResponse> Points { get; init; }
    public required IReadOnlyList<TargetPathResponse> Targets { get; init; }
}

public sealed record SeriesPointResponse
{
    public required string Period { get; init; }
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>Null for a derivation that fell short of the minimum coverage.</summary>
    [IndicatorDecimals]
    public decimal? Value { get; init; }
    public required ValueSource Source { get; init; }
    public decimal? CoveragePct { get; init; }
}

/// <summary>A target with its straight path: from the baseline (or, without one, the first value) to the target at the end of its year.</summary>
public sealed record TargetPathResponse
{
    public required long TargetId { get; init; }
    public required int Year { get; init; }
    public required Comparator Comparator { get; init; }
    public decimal? TargetValue { get; init; }
    public decimal? UpperValue { get; init; }
    public decimal? BaselineValue { get; init; }
    public int? BaselineYear { get; init; }
    public required AttainmentStatus Status { get; init; }
    public decimal? Projected { get; init; }
    public decimal? ObservedPerYear { get; init; }
    public required string Source { get; init; }
    /// <summary>The target is the unit above's (<see cref="TargetUnit"/>), cascading to this unit, which has none of its own.</summary>
    public bool Inherited { get; init; }
    public required string TargetUnit { get; init; }
    /// <summary>baseline, or firstValue when the target has no baseline.</summary>
    public string? PathStart { get; init; }
    public required IReadOnlyList<PathPoint> Path { get; init; }
}

public sealed record PathPoint(DateOnly Date, decimal Value);

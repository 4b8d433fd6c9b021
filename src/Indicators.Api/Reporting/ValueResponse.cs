using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Reporting;

/// <summary>One value in long format: one indicator, one unit, one period.</summary>
public sealed record ValueResponse
{
    public required string Indicator { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required string Period { get; init; }
    /// <summary>The period as Vietnamese reports name it: Quý III/2025, 6 tháng đầu năm 2025, Năm 2025.</summary>
    public required string PeriodLabel { get; init; }
    public required DateOnly PeriodStart { get; init; }
    public required DateOnly PeriodEnd { get; init; }
    [IndicatorDecimals]
    public required decimal Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    public string? Comment { get; init; }
    /// <summary>reported: stored as the unit sent it; derived: rolled up from its children or, before a merger, its predecessors.</summary>
    public required ValueSource Source { get; init; }
    /// <summary>For a derived value: the share of the parts that reported.</summary>
    public decimal? CoveragePct { get; init; }
    /// <summary>The status of the submission holding a reported value: draft, submitted, approved or returned.</summary>
    public SubmissionStatus? Status { get; init; }
    /// <summary>True for the synthetic figures loaded with <c>--demo</c>: they are not real data.</summary>
    public bool Demo { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
    /// <summary>The disaggregation as its canonical key, <c>category:option</c> pairs joined by <c>;</c> (<c>sex:female</c>); null for the total.</summary>
    public string? Disaggregation { get; init; }
}

namespace Indicators.Api.Features.Reports.GetCompliance;

/// <summary>Whether a unit reported a period completely and on time.</summary>
public sealed record ComplianceRow
{
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required string Period { get; init; }
    /// <summary>The period's end plus the level's working days, skipping weekends and holidays.</summary>
    public required DateOnly DueDate { get; init; }
    /// <summary>Indicators whose frequency is the period's length.</summary>
    public required int Expected { get; init; }
    /// <summary>Expected indicators with a value in a submitted or approved submission.</summary>
    public required int Submitted { get; init; }
    public required int OnTime { get; init; }
    public required int Late { get; init; }
    public required int Missing { get; init; }
    public decimal? CompletenessPct { get; init; }
    public decimal? TimelinessPct { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public required IReadOnlyList<string> MissingIndicators { get; init; }
}

using Indicators.Api.Domain;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Reports.GetScorecard;

/// <summary>One unit and all its targets: counts by status and the attainment rows.</summary>
public sealed record ScorecardResponse : StatusCounts
{
    public ScorecardResponse(StatusCounts counts) : base(counts) { }

    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required UnitLevel Level { get; init; }
    public DateOnly? ValidTo { get; init; }
    public string? SuccessorId { get; init; }
    public required DateOnly AsOf { get; init; }
    public required IReadOnlyList<AttainmentRow> Items { get; init; }
}

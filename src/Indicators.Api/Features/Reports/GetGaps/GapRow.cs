namespace Indicators.Api.Features.Reports.GetGaps;

/// <summary>A unit's place in the gap ranking, with its targets counted by status.</summary>
public sealed record GapRow : StatusCounts
{
    public GapRow(StatusCounts counts) : base(counts) { }

    /// <summary>1 for the unit furthest behind.</summary>
    public required int Rank { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    /// <summary>The mean shortfall in percent of target over the targets with an actual (a met target counts as 0): the ranking key.</summary>
    public decimal? GapPct { get; init; }
    /// <summary>The largest single shortfall, and where it is.</summary>
    public decimal? MaxGapPct { get; init; }
    public string? MaxGapIndicator { get; init; }
    public int? MaxGapYear { get; init; }
}

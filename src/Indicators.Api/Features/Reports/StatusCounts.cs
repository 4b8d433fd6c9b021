using Indicators.Api.Domain;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Reports;

/// <summary>How many targets are in each status; flat so a CSV row carries them as columns.</summary>
public record StatusCounts
{
    public int Targets { get; init; }
    /// <summary>How many of <see cref="Targets"/> are inherited from the unit above (a national target cascading to the unit).</summary>
    public int InheritedTargets { get; init; }
    public int Achieved { get; init; }
    public int OnTrack { get; init; }
    public int AtRisk { get; init; }
    public int OffTrack { get; init; }
    public int Regressing { get; init; }
    public int Missed { get; init; }
    public int NoData { get; init; }
    public int InsufficientData { get; init; }
    public int NoBaseline { get; init; }
    public int UnitEnded { get; init; }

    public static StatusCounts Of(IReadOnlyCollection<AttainmentRow> rows)
    {
        int Count(AttainmentStatus s) => rows.Count(r => r.Status == s);
        return new StatusCounts
        {
            Targets = rows.Count,
            InheritedTargets = rows.Count(r => r.Inherited),
            Achieved = Count(AttainmentStatus.Achieved),
            OnTrack = Count(AttainmentStatus.OnTrack),
            AtRisk = Count(AttainmentStatus.AtRisk),
            OffTrack = Count(AttainmentStatus.OffTrack),
            Regressing = Count(AttainmentStatus.Regressing),
            Missed = Count(AttainmentStatus.Missed),
            NoData = Count(AttainmentStatus.NoData),
            InsufficientData = Count(AttainmentStatus.InsufficientData),
            NoBaseline = Count(AttainmentStatus.NoBaseline),
            UnitEnded = Count(AttainmentStatus.UnitEnded),
        };
    }
}

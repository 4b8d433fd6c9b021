using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Reporting;

/// <summary>One target and how its unit stands against it (DESIGN §3, every field of §Attainment).</summary>
public sealed record AttainmentRow
{
    public required long TargetId { get; init; }
    public required string Indicator { get; init; }
    public required string IndicatorName { get; init; }
    public required string IndicatorGroup { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required UnitLevel UnitLevel { get; init; }
    /// <summary>
    /// Set for a former unit (e.g. Bình Thuận, ended 2025-06-30): its targets are tracked on its own data, and after its
    /// end on the units formed wholly from its territory (else <c>unitEnded</c>).
    /// </summary>
    public DateOnly? UnitValidTo { get; init; }
    /// <summary>For a former unit, the unit it merged into: named where its target is <c>unitEnded</c>.</summary>
    public string? UnitSuccessor { get; init; }
    public string? UnitSuccessorName { get; init; }
    public required int Year { get; init; }
    public required Comparator Comparator { get; init; }
    /// <summary>The effective target T after resolving the kind (baseline ± change, the reference unit's actual, …).</summary>
    [IndicatorDecimals]
    public decimal? TargetValue { get; init; }
    [IndicatorDecimals]
    public decimal? UpperValue { get; init; }
    public required TargetKind Kind { get; init; }
    [IndicatorDecimals]
    public decimal? BaselineValue { get; init; }
    public int? BaselineYear { get; init; }
    public required string Source { get; init; }
    /// <summary>The target is a unit's above (the country's) that cascades to this unit, which has no target of its own for the indicator and year.</summary>
    public bool Inherited { get; init; }
    /// <summary>The unit whose target this is: the row's unit, or for an inherited target the unit above that set it.</summary>
    public required string TargetUnit { get; init; }
    public required string TargetUnitName { get; init; }
    [IndicatorDecimals]
    public decimal? ActualValue { get; init; }
    public string? ActualPeriod { get; init; }
    /// <summary>The actual's period as Vietnamese reports name it: Quý III/2025, Năm 2025.</summary>
    public string? ActualPeriodLabel { get; init; }
    /// <summary>reported, or derived from children or predecessors.</summary>
    public ValueSource? ActualSource { get; init; }
    /// <summary>For a derived actual: the share of the parts that reported.</summary>
    public decimal? CoveragePct { get; init; }
    public bool? Met { get; init; }
    public decimal? AttainmentPct { get; init; }
    [IndicatorDecimals]
    public decimal? Gap { get; init; }
    public decimal? GapPct { get; init; }
    public decimal? ProgressPct { get; init; }
    [IndicatorDecimals]
    public decimal? ExpectedNow { get; init; }
    public decimal? ObservedPerYear { get; init; }
    public decimal? RequiredPerYear { get; init; }
    [IndicatorDecimals]
    public decimal? Projected { get; init; }
    public required AttainmentStatus Status { get; init; }
    /// <summary>A <c>between</c> target exceeded in the indicator's good direction: counted as met (attainment 100, gap 0).</summary>
    public bool BeyondBand { get; init; }
    /// <summary>The disaggregation the target is set on and the actual is read for, as its canonical key (<c>sex:male</c>); null for the total.</summary>
    public string? Disaggregation { get; init; }
    /// <summary>Why the unit misses the target and what is done about it (/api/v1/explanations): the one of the latest year up to the year judged, or null.</summary>
    public AttainmentExplanation? Explanation { get; init; }
}

/// <summary>An explanation of a miss as an attainment row shows it.</summary>
public sealed record AttainmentExplanation
{
    public required long Id { get; init; }
    public required int Year { get; init; }
    public required string Cause { get; init; }
    public required string TextVi { get; init; }
    public string? CorrectiveAction { get; init; }
    public string? Agency { get; init; }
    public DateOnly? DueDate { get; init; }
    public required ExplanationStatus Status { get; init; }
    public required int Version { get; init; }

    public static AttainmentExplanation From(Explanation e) => new()
    {
        Id = e.Id, Year = e.Definition.Year, Cause = e.Definition.Cause, TextVi = e.Definition.TextVi, CorrectiveAction = e.Definition.CorrectiveAction,
        Agency = e.Definition.Agency, DueDate = e.Definition.DueDate, Status = e.Definition.Status, Version = e.Version,
    };

    /// <summary>The one cell of a CSV or xlsx row: "cause (status, agency, due date): text — corrective action".</summary>
    public override string ToString() =>
        $"{Cause} ({EnumText.Of(Status)}{(Agency is null ? "" : ", " + Agency)}{(DueDate is { } d ? ", " + Clock.Date(d) : "")}): {TextVi}"
        + (CorrectiveAction is null ? "" : " — " + CorrectiveAction);
}

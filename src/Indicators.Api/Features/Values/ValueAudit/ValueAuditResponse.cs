using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Values.ValueAudit;

/// <summary>One change of a value or of a submission's status, as the audit trail recorded it.</summary>
public sealed record ValueAuditResponse
{
    public required long Id { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The API key that made the change: its name and prefix.</summary>
    public required string Actor { get; init; }
    /// <summary>value or submission.</summary>
    public required string Entity { get; init; }
    /// <summary>For a value: created, updated or deleted. For a submission: the status it moved to, or the workflow step (submit, approve, return, reopen).</summary>
    public required string Action { get; init; }
    public string? Indicator { get; init; }
    public string? Unit { get; init; }
    public string? Period { get; init; }
    [IndicatorDecimals]
    public decimal? OldValue { get; init; }
    [IndicatorDecimals]
    public decimal? NewValue { get; init; }
    /// <summary>The comment or reason given with the change.</summary>
    public string? Reason { get; init; }
    /// <summary>For a value of a disaggregation: its key (<c>sex:female</c>); null for a total and for a submission.</summary>
    public string? Disaggregation { get; init; }
    /// <summary>For a submission: the status the step moved it to (draft, submitted, approved or returned); null for a value.</summary>
    public string? Status { get; init; }
    /// <summary>For an approval, a return or a reopening acted level by level: the approval level that acted (commune, province or ministry); null otherwise.</summary>
    public string? Level { get; init; }
    /// <summary>For an approval acted level by level: the levels it approved, lowest first (the acting level and any pending below it that it approved through); null otherwise.</summary>
    public IReadOnlyList<string>? ApprovedLevels { get; init; }

    public static ValueAuditResponse From(AuditedChange c) => new()
    {
        Id = c.Id, At = c.At, Actor = c.Actor, Entity = c.Entity, Action = c.Action, Indicator = c.Indicator, Unit = c.Unit, Period = c.Period,
        Disaggregation = string.IsNullOrEmpty(c.Disaggregation) ? null : c.Disaggregation, OldValue = c.OldValue, NewValue = c.NewValue, Reason = c.Reason,
        Status = c.Status, Level = c.Level, ApprovedLevels = c.ApprovedLevels,
    };
}

namespace Indicators.Api.Domain;

/// <summary>One change of a value or of a submission's status, as the audit trail recorded it.</summary>
public sealed record AuditedChange
{
    public required long Id { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The API key that made the change: its name and prefix.</summary>
    public required string Actor { get; init; }
    /// <summary>value or submission.</summary>
    public required string Entity { get; init; }
    /// <summary>For a value: created, updated or deleted. For a submission: the status it moved to, or the workflow step.</summary>
    public required string Action { get; init; }
    public string? Indicator { get; init; }
    public string? Unit { get; init; }
    public string? Period { get; init; }
    /// <summary>For a value: its disaggregation key (<c>""</c> or null for the total).</summary>
    public string? Disaggregation { get; init; }
    public decimal? OldValue { get; init; }
    public decimal? NewValue { get; init; }
    /// <summary>The comment or reason given with the change.</summary>
    public string? Reason { get; init; }
    /// <summary>For a submission: the status it moved to.</summary>
    public string? Status { get; init; }
    /// <summary>For a step acted level by level: the approval level that acted.</summary>
    public string? Level { get; init; }
    /// <summary>For an approval acted level by level: the levels it approved.</summary>
    public IReadOnlyList<string>? ApprovedLevels { get; init; }
}

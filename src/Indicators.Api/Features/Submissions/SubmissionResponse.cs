using Indicators.Api.Domain;

namespace Indicators.Api.Features.Submissions;

/// <summary>A submission: the values of one unit for one period and where they are in the workflow.</summary>
public sealed record SubmissionResponse
{
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required string Period { get; init; }
    /// <summary>draft, submitted, approved or returned; null when nothing was saved yet.</summary>
    public SubmissionStatus? Status { get; init; }
    public required IReadOnlyList<SubmissionValueResponse> Values { get; init; }
    /// <summary>Plausibility warnings on the values just saved (outliers); they do not block the save.</summary>
    public required IReadOnlyList<ValueWarning> Warnings { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? SubmittedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? ApprovedBy { get; init; }
    /// <summary>The comment of the last return or reopening.</summary>
    public string? StatusComment { get; init; }

    public static SubmissionResponse From(SubmissionState state, UnitVersion unit, IReadOnlyList<ValueWarning>? warnings = null) => new()
    {
        Unit = unit.Id,
        UnitName = unit.NameVi,
        Period = state.Period,
        Status = state.Status,
        Values = state.Values.Values.OrderBy(v => v.Indicator, StringComparer.Ordinal).ThenBy(v => v.Disaggregation, StringComparer.Ordinal).Select(v => new SubmissionValueResponse
        {
            Indicator = v.Indicator, Disaggregation = Disaggregation.Map(v.Disaggregation), Value = v.Value, Numerator = v.Numerator, Denominator = v.Denominator, Comment = v.Comment,
            UpdatedAt = v.UpdatedAt, UpdatedBy = v.UpdatedBy,
        }).ToList(),
        Warnings = warnings ?? [],
        UpdatedAt = state.Row?.UpdatedAt,
        UpdatedBy = state.Row?.UpdatedBy,
        SubmittedAt = state.Row?.SubmittedAt,
        SubmittedBy = state.Row?.SubmittedBy,
        ApprovedAt = state.Row?.ApprovedAt,
        ApprovedBy = state.Row?.ApprovedBy,
        StatusComment = state.Row?.StatusComment,
    };
}

public sealed record SubmissionValueResponse
{
    public required string Indicator { get; init; }
    /// <summary>The disaggregation, category → option; null for the total.</summary>
    public IReadOnlyDictionary<string, string>? Disaggregation { get; init; }
    public required decimal Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
}

/// <summary>A value accepted but worth a second look.</summary>
public sealed record ValueWarning(string Indicator, string Message);

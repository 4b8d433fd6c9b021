using System.Data.Common;
using Indicators.Api.Domain;
using Indicators.Api.Storage;

namespace Indicators.Api.Features.Submissions;

/// <summary>A submission: the values of one unit for one period and where they are in the workflow.</summary>
public sealed record SubmissionResponse
{
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required string Period { get; init; }
    /// <summary>The period as Vietnamese reports name it: Quý III/2025, 6 tháng đầu năm 2025, Năm 2025.</summary>
    public required string PeriodLabel { get; init; }
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
    /// <summary>
    /// Every level of the submission's approval chain, lowest first (commune, province, ministry): pending, approved, or
    /// returned with the reason, by whom and when.
    /// </summary>
    public required IReadOnlyList<LevelApproval> Approvals { get; init; }
    /// <summary>The lowest level still to approve a submitted or approved submission; null when it is a draft, returned, or approved at every level.</summary>
    public ApprovalLevel? AwaitingLevel { get; init; }
    /// <summary>How many value changes the submission has had since it was first approved (corrections after a return or reopening).</summary>
    public long ChangesSinceApproval { get; init; }
    /// <summary>The only indicators that may change, after a return or reopening limited to them; null when it was not limited.</summary>
    public IReadOnlyList<string>? EditableIndicators { get; init; }

    /// <summary>The response for a submission, with its levels' acts read on <paramref name="connection"/> (in <paramref name="transaction"/>, if any).</summary>
    public static async Task<SubmissionResponse> LoadAsync(DbConnection connection, DbTransaction? transaction, SubmissionState state, UnitVersion unit,
        ApprovalOptions options, CancellationToken ct, IReadOnlyList<ValueWarning>? warnings = null)
    {
        // A level acts only by approving, or by returning with a required comment: a submission never approved nor returned
        // has no acts, and a plain save reads none.
        var acted = state.Row?.FirstApprovedAt is not null || state.Row?.StatusComment is not null;
        var stored = state.Id is { } id && acted ? await SubmissionStore.ApprovalsAsync(connection, transaction, id, ct) : [];
        return From(state, unit, ApprovalChain.View(ApprovalChain.For(unit.Level, options.Chain!), stored), warnings);
    }

    public static SubmissionResponse From(SubmissionState state, UnitVersion unit, IReadOnlyList<LevelApproval> approvals, IReadOnlyList<ValueWarning>? warnings = null) => new()
    {
        Unit = unit.Id,
        UnitName = unit.NameVi,
        Period = state.Period,
        PeriodLabel = Domain.Period.LabelOf(state.Period),
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
        Approvals = approvals,
        AwaitingLevel = ApprovalChain.Awaiting(state.Status, approvals),
        ChangesSinceApproval = state.Row?.ChangesSinceApproval ?? 0,
        EditableIndicators = state.Status == SubmissionStatus.Approved ? null : state.Editable,
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

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Submissions.ListSubmissions;

public sealed class ListSubmissionsEndpoint(Database database, UnitDirectory directory, TimeProvider clock, IOptions<ApprovalOptions> options)
    : Endpoint<ListSubmissionsRequest, Results<Ok<ListResponse<SubmissionListRow>>, ListFileResult<SubmissionListRow>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Submissions);
        Group<SubmissionsArea>();
        Description(b => b.WithName("ListSubmissions").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Where each submission stands, level by level (commune, province, ministry): by id, filtered by period, unit (and the units it covers) and status.");
    }

    public override async Task<Results<Ok<ListResponse<SubmissionListRow>>, ListFileResult<SubmissionListRow>, ValidationProblem>> ExecuteAsync(
        ListSubmissionsRequest request, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        string? unit = null;
        IReadOnlyCollection<string>? units = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = graph.ResolveForRead(request.Unit, null, DateRules.TodayInVietnam(clock));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
            var covered = graph.All.Where(u => graph.IsCovered(u.Id, [resolved.Unit.Id])).Select(u => u.Id).ToList();
            // The country covers every unit: no filter keeps the list parameter short.
            units = covered.Count == graph.All.Count ? null : covered;
        }
        Paging.TryDecode(request.Cursor, out var after);
        var afterId = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var rows = await SubmissionStore.ListAsync(connection, units, request.Period, request.Status, afterId, take + 1, ct);
        var acts = await SubmissionStore.ApprovalsAsync(connection, null, rows.Select(r => r.Id).ToList(), ct);
        var items = rows.Select(r =>
        {
            var version = graph.Find(r.UnitId)!;
            var view = ApprovalChain.View(ApprovalChain.For(version.Level, options.Value.Chain!), acts.GetValueOrDefault(r.Id) ?? []);
            return SubmissionListRow.From(r, version, view);
        }).ToList();
        var page = Paging.Page(items, take, i => i.Id.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("submissions", request.Period, unit, request.Status)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

public sealed class ListSubmissionsRequest : IFileFormatRequest
{
    /// <summary>The submissions of this period (2025Q3, 2025S1, 2025, …).</summary>
    public string? Period { get; init; }
    /// <summary>The submissions of this unit and of the units it covers (a province: its communes and former provinces): an id, or a bare code resolved today.</summary>
    public string? Unit { get; init; }
    /// <summary>draft, submitted, approved or returned.</summary>
    [AllowedValues("draft", "submitted", "approved", "returned")]
    public string? Status { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListSubmissionsRequestValidator : Validator<ListSubmissionsRequest>
{
    public ListSubmissionsRequestValidator()
    {
        Include(ListQueryValidator<ListSubmissionsRequest>.ById(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Period).Must(p => p is null || Period.TryParse(p, out _, out _)).WithMessage("period must be a period such as 2025Q3, 2025S1, 2025L9, 202507 or 2025.");
        RuleFor(r => r.Status).Must(s => s is null || AllowedValueRules.Of<ListSubmissionsRequest>(nameof(ListSubmissionsRequest.Status)).Contains(s))
            .WithMessage("status must be draft, submitted, approved or returned.");
    }
}

/// <summary>One submission in the list: its status and, level by level, who approved or returned it and when (null for a level not in its chain).</summary>
public sealed record SubmissionListRow
{
    public required long Id { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required UnitLevel UnitLevel { get; init; }
    public required string Period { get; init; }
    /// <summary>The period as people write it: "Quý III/2025", "6 tháng đầu năm 2025", "Năm 2025".</summary>
    public required string PeriodLabel { get; init; }
    public required SubmissionStatus Status { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? SubmittedBy { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The lowest level still to approve a submitted or approved submission; null when it is a draft, returned, or approved at every level.</summary>
    public ApprovalLevel? AwaitingLevel { get; init; }
    public ApprovalState? CommuneStatus { get; init; }
    public string? CommuneBy { get; init; }
    public DateTimeOffset? CommuneAt { get; init; }
    public ApprovalState? ProvinceStatus { get; init; }
    public string? ProvinceBy { get; init; }
    public DateTimeOffset? ProvinceAt { get; init; }
    public ApprovalState? MinistryStatus { get; init; }
    public string? MinistryBy { get; init; }
    public DateTimeOffset? MinistryAt { get; init; }
    /// <summary>The reason of the last return or reopening.</summary>
    public string? StatusComment { get; init; }
    /// <summary>Value changes since the first approval.</summary>
    public required long ChangesSinceApproval { get; init; }

    public static SubmissionListRow From(SubmissionRow row, UnitVersion unit, IReadOnlyList<LevelApproval> view)
    {
        LevelApproval? At(ApprovalLevel level) => view.FirstOrDefault(v => v.Level == level);
        var (commune, province, ministry) = (At(ApprovalLevel.Commune), At(ApprovalLevel.Province), At(ApprovalLevel.Ministry));
        var status = EnumText.Parse<SubmissionStatus>(row.Status);
        return new SubmissionListRow
        {
            Id = row.Id, Unit = unit.Id, UnitName = unit.NameVi, UnitLevel = unit.Level, Period = row.Period, PeriodLabel = Domain.Period.LabelOf(row.Period), Status = status,
            SubmittedAt = row.SubmittedAt, SubmittedBy = row.SubmittedBy, UpdatedAt = row.UpdatedAt, AwaitingLevel = ApprovalChain.Awaiting(status, view),
            CommuneStatus = commune?.Status, CommuneBy = commune?.By, CommuneAt = commune?.At,
            ProvinceStatus = province?.Status, ProvinceBy = province?.By, ProvinceAt = province?.At,
            MinistryStatus = ministry?.Status, MinistryBy = ministry?.By, MinistryAt = ministry?.At,
            StatusComment = row.StatusComment, ChangesSinceApproval = row.ChangesSinceApproval,
        };
    }
}

using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Submissions.ListSubmissions;

public sealed class ListSubmissionsRequest
{
    /// <summary>draft, submitted, approved or returned; submitted is an approver's inbox.</summary>
    [AllowedValues("draft", "submitted", "approved", "returned")]
    public string? Status { get; init; }
    /// <summary>A unit id, or a bare code: the version valid today, or else the unit with that id.</summary>
    public string? Unit { get; init; }
    /// <summary>true: the unit's children too (a province's communes).</summary>
    public bool? Children { get; init; }
    public string? Period { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListSubmissionsRequestValidator : Validator<ListSubmissionsRequest>
{
    private static readonly string[] Statuses = AllowedValueRules.Of<ListSubmissionsRequest>(nameof(ListSubmissionsRequest.Status));

    public ListSubmissionsRequestValidator()
    {
        RuleFor(r => r.Status).Must(s => s is null || Statuses.Contains(s)).WithMessage($"status must be one of {string.Join(", ", Statuses)}.");
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Period).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.Period));
        RuleFor(r => r.Limit).InclusiveBetween(1, Paging.MaxLimit);
        RuleFor(r => r.Cursor).Must(c => Paging.TryDecode(c, out var key) && (key is null || long.TryParse(key, out _)))
            .WithMessage("cursor is not a cursor returned by this list.");
    }
}

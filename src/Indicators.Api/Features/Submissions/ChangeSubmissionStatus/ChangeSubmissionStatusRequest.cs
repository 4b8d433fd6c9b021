using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Submissions.ChangeSubmissionStatus;

/// <summary>The comment of a workflow step; required to return or reopen a submission.</summary>
public sealed record ChangeSubmissionStatusRequest
{
    public string? Comment { get; init; }
}

public sealed class ChangeSubmissionStatusRequestValidator : Validator<ChangeSubmissionStatusRequest>
{
    public ChangeSubmissionStatusRequestValidator() =>
        RuleFor(r => r.Comment).MaximumLength(2000).Must(TextRules.IsPrintable).WithMessage("comment must not contain control characters.");
}

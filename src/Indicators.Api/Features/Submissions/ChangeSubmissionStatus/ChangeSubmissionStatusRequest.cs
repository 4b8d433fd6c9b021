using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Submissions.ChangeSubmissionStatus;

/// <summary>The comment of a workflow step (required to return or reopen a submission), and the indicators a return or reopening is limited to.</summary>
public sealed record ChangeSubmissionStatusRequest
{
    public string? Comment { get; init; }

    /// <summary>Return or reopen only these indicators' values: only they may change until the submission is approved again. Null or absent: the whole submission.</summary>
    public IReadOnlyList<string>? Indicators { get; init; }
}

public sealed class ChangeSubmissionStatusRequestValidator : Validator<ChangeSubmissionStatusRequest>
{
    public ChangeSubmissionStatusRequestValidator()
    {
        RuleFor(r => r.Comment).MaximumLength(2000).Must(TextRules.IsPrintable).WithMessage("comment must not contain control characters.");
        RuleFor(r => r.Indicators).Must(i => i is null || i.Count is > 0 and <= 100).WithMessage("indicators must list 1 to 100 indicator codes, or be left out.")
            .Must(i => i is null || i.All(code => code is { Length: > 0 and <= 64 })).WithMessage("indicators must be indicator codes.")
            .Must(i => i is null || i.Distinct(StringComparer.Ordinal).Count() == i.Count).WithMessage("indicators must not repeat a code.");
    }
}

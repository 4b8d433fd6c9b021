using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Fhir;

/// <summary>The query of the FHIR writes.</summary>
[BoundFromQuery]
public sealed class FhirWriteQuery
{
    /// <summary>The audit reason of corrections of submitted values.</summary>
    public string? Reason { get; init; }

    public string? AuditReason() => string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
}

public sealed class FhirWriteQueryValidator : Validator<FhirWriteQuery>
{
    public FhirWriteQueryValidator() =>
        RuleFor(q => q.Reason).MaximumLength(ValueChecks.MaxCommentLength).Must(TextRules.IsPrintable).WithMessage("reason must not contain control characters.");
}

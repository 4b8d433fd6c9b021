using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Imports.GetImportTemplate;

public sealed class GetImportTemplateRequest
{
    /// <summary>A unit id, or a bare code resolved at the end of the period.</summary>
    public string? Unit { get; init; }
    /// <summary>The period to report, e.g. 2025Q3.</summary>
    public string? Period { get; init; }
    /// <summary>true: the unit's children valid at the end of the period too (a province and its communes).</summary>
    public bool? Children { get; init; }
}

public sealed class GetImportTemplateRequestValidator : Validator<GetImportTemplateRequest>
{
    public GetImportTemplateRequestValidator()
    {
        RuleFor(r => r.Unit).NotEmpty().WithMessage("unit is required.").MaximumLength(40);
        RuleFor(r => r.Period).NotEmpty().WithMessage("period is required.");
        RuleFor(r => r.Period).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.Period));
    }
}

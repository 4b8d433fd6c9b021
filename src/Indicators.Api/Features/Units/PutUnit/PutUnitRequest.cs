using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Units.PutUnit;

/// <summary>A territory version; its id is in the path: the code, or code@validFrom for a version with a known start.</summary>
public sealed record PutUnitRequest
{
    public string? Code { get; init; }
    public string? NameVi { get; init; }
    public UnitLevel? Level { get; init; }
    public string? Type { get; init; }
    public string? ParentId { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public string? SuccessorId { get; init; }
    public string? Note { get; init; }
    /// <summary>The former (ended) unit whose territory this one is formed wholly from; a dissolved unit's values are derived from such units.</summary>
    public string? FormedFromId { get; init; }
}

public sealed class PutUnitRequestValidator : Validator<PutUnitRequest>
{
    public PutUnitRequestValidator()
    {
        RuleFor(r => r.Code).NotEmpty().Matches("^(VN|[0-9]{2,5})$").WithMessage("code must be VN or a GSO code of 2 to 5 digits.");
        RuleFor(r => r.NameVi).NotEmpty().MaximumLength(200).Must(TextRules.IsPrintable).WithMessage("nameVi must not contain control characters.");
        RuleFor(r => r.Level).NotNull();
        RuleFor(r => r.Type).MaximumLength(20);
        RuleFor(r => r.Note).MaximumLength(1000).Must(TextRules.IsPrintable).WithMessage("note must not contain control characters.");
        RuleFor(r => r.ValidTo).GreaterThanOrEqualTo(r => r.ValidFrom).When(r => r.ValidFrom is not null && r.ValidTo is not null)
            .WithMessage("validTo must not be before validFrom.");
        RuleFor(r => r.ParentId).NotEmpty().When(r => r.Level is not UnitLevel.Country).WithMessage("parentId is required below the country level.");
    }
}

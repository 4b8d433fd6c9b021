using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

namespace Indicators.Api.Features.Indicators.PutIndicator;

/// <summary>The definition of an indicator; the code is in the path.</summary>
public sealed record PutIndicatorRequest
{
    public string? NameVi { get; init; }
    public string? NameEn { get; init; }
    public IndicatorUnit? Unit { get; init; }
    /// <summary>Defaults from the unit: 100 for percent, 10000 for per10k, 1000 for per1000, 1 otherwise.</summary>
    public decimal? Factor { get; init; }
    public Direction? Direction { get; init; }
    public Aggregation? Aggregation { get; init; }
    public Frequency? Frequency { get; init; }
    public int? Decimals { get; init; }
    /// <summary>A percent is 0–100 unless declared otherwise.</summary>
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public string? Group { get; init; }
    /// <summary>periodAlone (default) or yearToDate: what a sub-year value stands for.</summary>
    public PeriodBasis? PeriodBasis { get; init; }
    /// <summary>For a ratio: what the numerator and the denominator count, in Vietnamese and English.</summary>
    public string? NumeratorVi { get; init; }
    public string? NumeratorEn { get; init; }
    public string? DenominatorVi { get; init; }
    public string? DenominatorEn { get; init; }
}

public sealed class PutIndicatorRequestValidator : Validator<PutIndicatorRequest>
{
    public PutIndicatorRequestValidator()
    {
        RuleFor(r => r.NameVi).NotEmpty().MaximumLength(300).Must(TextRules.IsPrintable).WithMessage("nameVi must not contain control characters.");
        RuleFor(r => r.NameEn).NotEmpty().MaximumLength(300).Must(TextRules.IsPrintable).WithMessage("nameEn must not contain control characters.");
        RuleFor(r => r.Unit).NotNull();
        RuleFor(r => r.Direction).NotNull();
        RuleFor(r => r.Aggregation).NotNull();
        RuleFor(r => r.Frequency).NotNull();
        RuleFor(r => r.Decimals).NotNull().InclusiveBetween(0, 6);
        RuleFor(r => r.Factor).GreaterThan(0);
        RuleFor(r => r.Group).NotEmpty().MaximumLength(50).Matches("^[a-zA-Z][a-zA-Z0-9]*$").WithMessage("group must be a camelCase word such as primaryCare.");
        RuleForEach(r => new[] { r.NumeratorVi, r.NumeratorEn, r.DenominatorVi, r.DenominatorEn }).MaximumLength(500).Must(TextRules.IsPrintable)
            .OverridePropertyName("numeratorVi").WithMessage("numerator and denominator names must not contain control characters.");
        RuleFor(r => r.Max).GreaterThanOrEqualTo(r => r.Min).When(r => r.Min is not null && r.Max is not null).WithMessage("max must not be below min.");
    }
}

using System.Data.Common;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage;

namespace Indicators.Api.Features.Targets;

/// <summary>A target as a client writes it, for creation and for a new revision.</summary>
public sealed record TargetRequest
{
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code resolved at <c>documentDate</c> (today when absent).</summary>
    public string? Unit { get; init; }
    public int? Year { get; init; }
    /// <summary>The disaggregation the target is set on, category → option (<c>{"sex": "male"}</c>); absent or empty for the total. The indicator must declare the combination.</summary>
    public IReadOnlyDictionary<string, string?>? Disaggregation { get; init; }
    public Comparator? Comparator { get; init; }
    public decimal? Value { get; init; }
    /// <summary>Only for <c>between</c>: the upper bound.</summary>
    public decimal? UpperValue { get; init; }
    /// <summary>Defaults to <c>absolute</c>.</summary>
    public TargetKind? Kind { get; init; }
    public decimal? BaselineValue { get; init; }
    /// <summary>Required for relative kinds; when <c>baselineValue</c> is absent the stored value of that year is used.</summary>
    public int? BaselineYear { get; init; }
    /// <summary>Required for <c>matchUnit</c>: the unit whose actual is the target (e.g. VN for the national average).</summary>
    public string? ReferenceUnit { get; init; }
    public string? Source { get; init; }
    /// <summary>Optional: the document's own words for the commitment ("tỷ lệ tham gia bảo hiểm y tế đạt 97,1% dân số").</summary>
    public string? Quote { get; init; }
    public string? Note { get; init; }
    /// <summary>
    /// Defaults to <c>none</c>. <c>provinces</c> (or <c>provincesAndCommunes</c>): every unit of those levels below the target's unit
    /// without a target of its own for the indicator and year is judged against this one, marked inherited.
    /// </summary>
    public CascadeTo? Cascade { get; init; }
    /// <summary>Why the target does or does not apply to the units below (a floor every province is to reach); required with a cascade.</summary>
    public string? CascadeReason { get; init; }
    /// <summary>The date of the source document; a bare unit code is resolved at it.</summary>
    public DateOnly? DocumentDate { get; init; }
}

public sealed class TargetRequestValidator : Validator<TargetRequest>
{
    public TargetRequestValidator()
    {
        RuleFor(r => r.Indicator).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Unit).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Year).NotNull().InclusiveBetween(2000, 2100);
        RuleFor(r => r.Comparator).NotNull();
        RuleFor(r => r.Value).NotNull();
        RuleFor(r => r.UpperValue).NotNull().When(r => r.Comparator == Comparator.Between).WithMessage("upperValue is required for between.");
        RuleFor(r => r.UpperValue).GreaterThan(r => r.Value).When(r => r.Comparator == Comparator.Between && r.Value is not null)
            .WithMessage("upperValue must be greater than value.");
        RuleFor(r => r.UpperValue).Null().When(r => r.Comparator is not null and not Comparator.Between).WithMessage("upperValue is only for between.");
        RuleFor(r => r.BaselineYear).NotNull()
            .When(r => r.Kind is TargetKind.IncreaseBy or TargetKind.DecreaseBy or TargetKind.IncreaseByPercent or TargetKind.DecreaseByPercent && r.BaselineValue is null)
            .WithMessage("A relative target needs baselineYear (and baselineValue unless the value of that year is stored).");
        RuleFor(r => r.BaselineYear).InclusiveBetween(1990, 2100).LessThan(r => r.Year).When(r => r.BaselineYear is not null && r.Year is not null)
            .WithMessage("baselineYear must be before the target year.");
        RuleFor(r => r.Comparator).Must(c => c is Comparator.Gt or Comparator.Gte).When(r => r.Kind == TargetKind.IncreaseOverPrevious && r.Comparator is not null)
            .WithMessage("increaseOverPrevious compares a year with the year before: comparator gt (any increase) or gte.");
        RuleFor(r => r.BaselineYear).Null().When(r => r.Kind == TargetKind.IncreaseOverPrevious)
            .WithMessage("increaseOverPrevious takes the year before the target year as its baseline; baselineYear is not given.");
        RuleFor(r => r.BaselineValue).Null().When(r => r.Kind == TargetKind.IncreaseOverPrevious)
            .WithMessage("increaseOverPrevious takes the stored value of the year before; baselineValue is not given.");
        RuleFor(r => r.Value).GreaterThanOrEqualTo(0).When(r => r.Kind == TargetKind.IncreaseOverPrevious)
            .WithMessage("The least increase over the year before cannot be negative.");
        RuleFor(r => r.ReferenceUnit).NotEmpty().When(r => r.Kind == TargetKind.MatchUnit).WithMessage("referenceUnit is required for matchUnit.");
        RuleFor(r => r.Value).GreaterThan(0).When(r => r.Kind is TargetKind.IncreaseByPercent or TargetKind.DecreaseByPercent)
            .WithMessage("A percentage change must be positive.");
        RuleFor(r => r.Source).NotEmpty().MaximumLength(300).Must(TextRules.IsPrintable).WithMessage("source must name the document and contain no control characters.");
        RuleFor(r => r.Quote).MaximumLength(2000).Must(TextRules.IsPrintable).WithMessage("quote must not contain control characters.");
        RuleFor(r => r.CascadeReason).NotEmpty().When(r => r.Cascade is not null and not CascadeTo.None)
            .WithMessage("cascadeReason is required with a cascade: say why the units below are held to this target.");
        RuleFor(r => r.CascadeReason).MaximumLength(2000).Must(TextRules.IsPrintable).WithMessage("cascadeReason must not contain control characters.");
        RuleFor(r => r.Cascade).Must(c => c is null or CascadeTo.None).When(r => r.BaselineValue is not null)
            .WithMessage("A target with a baselineValue cannot cascade: the baseline is its own unit's (give baselineYear instead).");
        RuleFor(r => r.Note).MaximumLength(2000).Must(TextRules.IsPrintable).WithMessage("note must not contain control characters.");
    }
}

/// <summary>The checks of a target against the catalog and the units, shared by creation and revision.</summary>
public static class TargetChecks
{
    public static async Task<(TargetDefinition? Target, Dictionary<string, string[]> Errors)> ResolveAsync(
        TargetRequest request, DbConnection connection, UnitGraph units, DateOnly today, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var indicator = await CatalogStore.GetAsync(connection, request.Indicator!, ct);
        if (indicator is null) errors["indicator"] = [$"Unknown indicator '{request.Indicator}'."];

        var unit = units.ResolveForRead(request.Unit!, request.DocumentDate, today);
        if (unit.Unit is null) errors["unit"] = [unit.Error!];

        string? referenceUnit = null;
        if (request.ReferenceUnit is not null)
        {
            var reference = units.ResolveForRead(request.ReferenceUnit, request.DocumentDate, today);
            if (reference.Unit is null) errors["referenceUnit"] = [reference.Error!];
            referenceUnit = reference.Unit?.Id;
        }
        var (disaggregation, disaggregationErrors) = (await CategoryStore.RulesAsync(connection, null, ct)).Check(indicator?.Code, request.Disaggregation);
        foreach (var (field, message) in disaggregationErrors) errors[field] = [message];
        var cascade = request.Cascade ?? CascadeTo.None;
        if (unit.Unit is { } own && cascade != CascadeTo.None && !TargetCascade.Levels(cascade).Any(level => level > own.Level))
        {
            errors["cascade"] = [$"{EnumText.Of(cascade)} names no level below the unit {own.Id} ({EnumText.Of(own.Level)})."];
        }
        var kind = request.Kind ?? TargetKind.Absolute;
        if (indicator is not null && kind == TargetKind.Absolute)
        {
            foreach (var (field, value) in new[] { ("value", request.Value), ("upperValue", request.UpperValue) })
            {
                if (value < indicator.Min || value > indicator.Max)
                {
                    errors[field] = [$"{field} must be between {indicator.Min?.ToString() ?? "-∞"} and {indicator.Max?.ToString() ?? "∞"} for {indicator.Code}."];
                }
            }
        }
        if (errors.Count > 0) return (null, errors);

        return (new TargetDefinition(indicator!.Code, unit.Unit!.Id, request.Year!.Value, request.Comparator!.Value, request.Value!.Value,
            request.UpperValue, kind, request.BaselineValue, request.BaselineYear, referenceUnit,
            TextFold.Nfc(request.Source)!.Trim(), TextFold.Nfc(request.Quote)?.Trim(), TextFold.Nfc(request.Note),
            cascade, TextFold.Nfc(request.CascadeReason)?.Trim(), disaggregation!), errors);
    }
}

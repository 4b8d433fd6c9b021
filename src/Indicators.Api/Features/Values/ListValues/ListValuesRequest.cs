using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Values.ListValues;

public sealed class ListValuesRequest : IFileFormatRequest
{
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code: the version valid today, or else the unit with that id. Only that unit's own values are listed.</summary>
    public string? Unit { get; init; }
    /// <summary>A period: values whose period ends on or after its start.</summary>
    public string? From { get; init; }
    /// <summary>A period: values whose period ends on or before its end.</summary>
    public string? To { get; init; }
    /// <summary>country, province, district or commune.</summary>
    public string? Level { get; init; }
    /// <summary>reported (default), derived (roll-ups only) or all.</summary>
    [AllowedValues("reported", "derived", "all")]
    public string? Source { get; init; }
    /// <summary>Only one disaggregation: <c>total</c>, or <c>category:option</c> pairs joined by <c>;</c> (<c>sex:female</c>); absent: every one.</summary>
    public string? Disaggregation { get; init; }
    /// <summary>Only the values disaggregated by this category (each of its options): <c>sex</c>, <c>ageGroup</c>, <c>area</c>, <c>ethnicity</c>.</summary>
    public string? Category { get; init; }
    /// <summary>true: only the synthetic demo values; false: leave them out; absent: both.</summary>
    public bool? Demo { get; init; }
    /// <summary>json (default), csv, xlsx, or adx: IHE ADX XML that POST /dataValueSets reads back.</summary>
    [AllowedValues("json", "csv", "xlsx", "adx")]
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListValuesRequestValidator : Validator<ListValuesRequest>
{
    private static readonly string[] Sources = AllowedValueRules.Of<ListValuesRequest>(nameof(ListValuesRequest.Source));

    public ListValuesRequestValidator()
    {
        Include(new ListQueryValidator<ListValuesRequest>(r => r.Limit, r => r.Cursor, "adx"));
        RuleFor(r => r.Cursor).Must(c => !Paging.TryDecode(c, out var key) || key is null || ValueCursor.TryRead(key, out _))
            .WithMessage("cursor is not a cursor returned by this list.");
        RuleFor(r => r.Indicator).MaximumLength(64);
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.From).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.From));
        RuleFor(r => r.To).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.To));
        RuleFor(r => r.To).Must((r, to) => Period.Parse(r.From!).Start <= Period.Parse(to!).End)
            .When(r => r.From is not null && r.To is not null && PeriodRules.IsPeriod(r.From) && PeriodRules.IsPeriod(r.To))
            .WithMessage("to must not end before from starts.");
        RuleFor(r => r.Disaggregation).MaximumLength(200).Must(d => d is null || Domain.Disaggregation.Parse(d).Error is null)
            .WithMessage(r => Domain.Disaggregation.Parse(r.Disaggregation).Error ?? "");
        RuleFor(r => r.Category).Must(c => c is null || Domain.Disaggregation.CategoryCode().IsMatch(c.Trim()))
            .WithMessage("category must be a category code such as sex, ageGroup, area or ethnicity.");
        RuleFor(r => r.Source).Must(s => s is null || Sources.Contains(s)).WithMessage("source must be reported, derived or all.");
        RuleFor(r => r.Level).Must(l => l is null || EnumText.TryParse<UnitLevel>(l, out _))
            .WithMessage("level must be country, province, district or commune.");
    }
}

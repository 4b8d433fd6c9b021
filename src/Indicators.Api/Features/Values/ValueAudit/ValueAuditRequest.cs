using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Values.ValueAudit;

public sealed class ValueAuditRequest : IFileFormatRequest
{
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code: the version valid today, or else the unit with that id.</summary>
    public string? Unit { get; init; }
    public string? Period { get; init; }
    /// <summary>Only the changes of one disaggregation's values: <c>total</c>, or pairs such as <c>sex:female</c>; absent: every one.</summary>
    public string? Disaggregation { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ValueAuditRequestValidator : Validator<ValueAuditRequest>
{
    public ValueAuditRequestValidator()
    {
        Include(new ListQueryValidator<ValueAuditRequest>(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Cursor).Must(c => !Paging.TryDecode(c, out var key) || key is null || long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .WithMessage("cursor is not a cursor returned by this list.");
        RuleFor(r => r.Indicator).MaximumLength(64);
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Disaggregation).MaximumLength(200).Must(d => d is null || Domain.Disaggregation.Parse(d).Error is null)
            .WithMessage(r => Domain.Disaggregation.Parse(r.Disaggregation).Error ?? "");
        RuleFor(r => r.Period).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.Period));
    }
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Targets.ListTargets;

public sealed class ListTargetsRequest : IFileFormatRequest
{
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code: the version valid today, or else the unit with that id.</summary>
    public string? Unit { get; init; }
    public int? Year { get; init; }
    /// <summary>
    /// Only targets set on one disaggregation: <c>total</c> for the targets on totals, or <c>category:option</c> pairs
    /// joined by <c>;</c> (<c>sex:male</c>, <c>ageGroup:under5;sex:male</c>, in any order); absent or empty: every one.
    /// </summary>
    public string? Disaggregation { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListTargetsRequestValidator : Validator<ListTargetsRequest>
{
    public ListTargetsRequestValidator()
    {
        Include(ListQueryValidator<ListTargetsRequest>.ById(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Year).InclusiveBetween(2000, 2100);
        RuleFor(r => r.Indicator).MaximumLength(64);
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Disaggregation).MaximumLength(200).Must(d => Domain.Disaggregation.Parse(d).Error is null)
            .WithMessage(r => Domain.Disaggregation.Parse(r.Disaggregation).Error ?? "");
    }
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Units.ListUnits;

public sealed class ListUnitsRequest : IFileFormatRequest
{
    /// <summary>country, province, district or commune.</summary>
    public string? Level { get; init; }
    /// <summary>Only the children of this unit (an id, or a code resolved at <c>asOf</c>).</summary>
    public string? Parent { get; init; }
    /// <summary>Only the versions valid on this date; today when absent.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>Every version, whatever its validity (ignores <c>asOf</c>).</summary>
    public bool? History { get; init; }
    /// <summary>Part of the Vietnamese name, accents optional: <c>quang ngai</c> finds Quảng Ngãi.</summary>
    public string? Q { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListUnitsRequestValidator : Validator<ListUnitsRequest>
{
    public ListUnitsRequestValidator()
    {
        Include(new ListQueryValidator<ListUnitsRequest>(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Q).MaximumLength(100).Must(TextRules.IsPrintable).WithMessage("q must not contain control characters.");
        RuleFor(r => r.Parent).MaximumLength(40);
        RuleFor(r => r.Level).Must(l => l is null || EnumText.TryParse<UnitLevel>(l, out _)).WithMessage("level must be country, province, district or commune.");
    }
}

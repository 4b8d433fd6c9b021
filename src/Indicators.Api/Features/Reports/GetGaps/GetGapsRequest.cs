using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Reports.GetGaps;

public sealed class GetGapsRequest : IFileFormatRequest
{
    public int? Year { get; init; }
    /// <summary>country, province (default) or commune.</summary>
    public string? Level { get; init; }
    public string? Indicator { get; init; }
    public DateOnly? AsOf { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class GetGapsRequestValidator : Validator<GetGapsRequest>
{
    public GetGapsRequestValidator()
    {
        Include(new ListQueryValidator<GetGapsRequest>(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Cursor).Must(c => !Paging.TryDecode(c, out var key) || key is null || int.TryParse(key, out _))
            .WithMessage("cursor is not a cursor returned by this list.");
        RuleFor(r => r.Year).InclusiveBetween(2000, 2100);
        RuleFor(r => r.Indicator).MaximumLength(64);
        RuleFor(r => r.Level).Must(l => l is null || EnumText.TryParse<UnitLevel>(l, out _)).WithMessage("level must be country, province, district or commune.");
    }
}

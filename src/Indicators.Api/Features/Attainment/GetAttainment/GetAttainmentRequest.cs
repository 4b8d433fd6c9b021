using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Attainment.GetAttainment;

public sealed class GetAttainmentRequest : IFileFormatRequest
{
    /// <summary>Only targets of this year (the horizon: 2025, 2030, 2045, …).</summary>
    public int? Year { get; init; }
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code resolved at asOf (today by default), else the unit with that id.</summary>
    public string? Unit { get; init; }
    /// <summary>country, province or commune: the level of the target's unit.</summary>
    public string? Level { get; init; }
    /// <summary>achieved, onTrack, atRisk, offTrack, regressing, missed, noData, insufficientData, noBaseline or unitEnded.</summary>
    public string? Status { get; init; }
    /// <summary>Only targets set on this disaggregation: <c>total</c>, or pairs such as <c>sex:male</c>; absent: every one.</summary>
    public string? Disaggregation { get; init; }
    /// <summary>Judge on the data as of this date (default today): only values whose period ends by then count.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class GetAttainmentRequestValidator : Validator<GetAttainmentRequest>
{
    public GetAttainmentRequestValidator()
    {
        Include(new ListQueryValidator<GetAttainmentRequest>(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Cursor).Must(c => !Paging.TryDecode(c, out var key) || key is null || key.Split('|') is [_, { Length: 19 } id, _] && long.TryParse(id, out _))
            .WithMessage("cursor is not a cursor returned by this list.");
        RuleFor(r => r.Year).InclusiveBetween(2000, 2100);
        RuleFor(r => r.Disaggregation).MaximumLength(200).Must(d => d is null || Domain.Disaggregation.Parse(d).Error is null)
            .WithMessage(r => Domain.Disaggregation.Parse(r.Disaggregation).Error ?? "");
        RuleFor(r => r.Indicator).MaximumLength(64);
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Level).Must(l => l is null || EnumText.TryParse<UnitLevel>(l, out _)).WithMessage("level must be country, province, district or commune.");
        RuleFor(r => r.Status).Must(s => s is null || EnumText.TryParse<AttainmentStatus>(s, out _))
            .WithMessage("status must be achieved, onTrack, atRisk, offTrack, regressing, missed, noData, insufficientData, noBaseline or unitEnded.");
    }
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Indicators.ListIndicators;

public sealed class ListIndicatorsRequest : IFileFormatRequest
{
    /// <summary>Only indicators of this group (population, workforce, infrastructure, coverage, outcomes, prevention, primaryCare, financing).</summary>
    public string? Group { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListIndicatorsRequestValidator : Validator<ListIndicatorsRequest>
{
    public ListIndicatorsRequestValidator() => Include(new ListQueryValidator<ListIndicatorsRequest>(r => r.Limit, r => r.Cursor));
}

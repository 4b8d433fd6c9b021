using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Indicators.ListIndicators;

public sealed class ListIndicatorsRequest
{
    /// <summary>Only indicators of this group (population, workforce, infrastructure, coverage, outcomes, prevention, primaryCare).</summary>
    public string? Group { get; init; }
    /// <summary><c>csv</c> for a CSV answer; JSON otherwise.</summary>
    public string? Format { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListIndicatorsRequestValidator : Validator<ListIndicatorsRequest>
{
    public ListIndicatorsRequestValidator() => Include(new ListQueryValidator<ListIndicatorsRequest>(r => r.Format, r => r.Limit, r => r.Cursor));
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Storage;
using Indicators.Api.Features.Attainment;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Reports.GetScorecard;

public sealed class GetScorecardEndpoint(AttainmentQuery query, UnitDirectory directory, TimeProvider clock)
    : Endpoint<GetScorecardRequest, Results<Ok<ScorecardResponse>, CsvResult<AttainmentRow>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("scorecard/{unit}");
        Group<ReportsArea>();
        Description(b => b.WithName("GetScorecard").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "One unit's targets with their attainment, and the counts by status; format=csv gives the rows.");
    }

    public override async Task<Results<Ok<ScorecardResponse>, CsvResult<AttainmentRow>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        GetScorecardRequest request, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit, request.AsOf, today);
        if (resolved.Unit is null) return Problems.NotFound(resolved.Error!);
        var (rows, _) = await query.RunAsync(new AttainmentFilter(request.Year, null, resolved.Unit.Id, null, null, request.AsOf), ct);
        if (Csv.Requested(HttpContext, request.Format)) return new CsvResult<AttainmentRow>(rows);
        return TypedResults.Ok(new ScorecardResponse(StatusCounts.Of(rows))
        {
            Unit = resolved.Unit.Id,
            UnitName = resolved.Unit.NameVi,
            Level = resolved.Unit.Level,
            ValidTo = resolved.Unit.ValidTo,
            SuccessorId = resolved.Unit.SuccessorId,
            AsOf = request.AsOf ?? today,
            Items = rows,
        });
    }
}

public sealed record GetScorecardRequest
{
    /// <summary>A unit id, or a bare code resolved at asOf.</summary>
    public string Unit { get; init; } = "";
    /// <summary>Only targets of this year.</summary>
    public int? Year { get; init; }
    /// <summary>Judge on the data as of this date (default today).</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary><c>csv</c> for the rows as CSV; JSON otherwise.</summary>
    public string? Format { get; init; }
}

public sealed class GetScorecardRequestValidator : Validator<GetScorecardRequest>
{
    public GetScorecardRequestValidator()
    {
        RuleFor(r => r.Year).InclusiveBetween(2000, 2100).WithMessage("year must be between 2000 and 2100.");
        RuleFor(r => r.Format).Must(ListQueryRules.IsFormat).WithMessage(ListQueryRules.FormatMessage);
    }
}

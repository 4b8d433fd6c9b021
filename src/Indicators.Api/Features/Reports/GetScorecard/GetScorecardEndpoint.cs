using FastEndpoints;
using FluentValidation;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Reports.GetScorecard;

public sealed class GetScorecardEndpoint(AttainmentQuery query, UnitDirectory directory, TimeProvider clock)
    : Endpoint<GetScorecardRequest, Results<Ok<ScorecardResponse>, ListFileResult<AttainmentRow>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Scorecard);
        Group<ReportsArea>();
        Description(b => b.WithName("GetScorecard").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "One unit's targets with their attainment, and the counts by status; format=csv or xlsx gives the rows.");
    }

    public override async Task<Results<Ok<ScorecardResponse>, ListFileResult<AttainmentRow>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        GetScorecardRequest request, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit, request.AsOf, today);
        if (resolved.Unit is null) return Problems.NotFound(resolved.Error!);
        var (rows, _) = await query.RunAsync(new AttainmentFilter(request.Year, null, resolved.Unit.Id, null, null, request.AsOf), ct);
        if (ListFile.For(HttpContext, request, ListFile.SafeName("scorecard", resolved.Unit.Id, request.Year)) is { } file) return file.Of(rows);
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

public sealed record GetScorecardRequest : IFileFormatRequest
{
    /// <summary>A unit id, or a bare code resolved at asOf.</summary>
    public string Unit { get; init; } = "";
    /// <summary>Only targets of this year.</summary>
    public int? Year { get; init; }
    /// <summary>Judge on the data as of this date (default today).</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
}

public sealed class GetScorecardRequestValidator : Validator<GetScorecardRequest>
{
    public GetScorecardRequestValidator()
    {
        RuleFor(r => r.Year).InclusiveBetween(2000, 2100).WithMessage("year must be between 2000 and 2100.");
        Include(new FileFormatValidator());
    }
}

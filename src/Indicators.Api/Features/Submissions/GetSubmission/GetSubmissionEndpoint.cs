using System.Security.Claims;
using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Submissions.GetSubmission;

public sealed class GetSubmissionEndpoint(Database database, UnitDirectory directory, IOptions<ApprovalOptions> options)
    : EndpointWithoutRequest<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Submission);
        Group<SubmissionsArea>();
        Description(b => b.WithName("GetSubmission").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "A submission: status, values, who changed it and when, and where it stands at each approval level.");
    }

    public override async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        // Reads are not scoped: anyone who may read may read any unit.
        var (unitVersion, parsed, problem) = await SubmissionPath.ResolveAsync(Route<string>("unit")!, Route<string>("period")!, new ClaimsPrincipal(), directory, ct);
        if (problem is ValidationProblem invalid) return invalid;
        if (problem is ProblemHttpResult refused) return refused;
        await using var connection = await database.OpenAsync(ct);
        var state = await SubmissionStore.LoadAsync(connection, null, unitVersion.Id, parsed.Id, ct);
        return state.Status is null
            ? Problems.NotFound($"{unitVersion.Id} ({unitVersion.NameVi}) has no submission for {parsed}.")
            : TypedResults.Ok(await SubmissionResponse.LoadAsync(connection, null, state, unitVersion, options.Value, ct));
    }
}

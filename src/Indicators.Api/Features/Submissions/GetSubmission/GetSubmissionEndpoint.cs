using System.Security.Claims;
using Indicators.Api.Data;
using Indicators.Api.Features.Values;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Submissions.GetSubmission;

public sealed class GetSubmissionEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Submissions;

    public void Map(RouteGroupBuilder group) => group.MapGet("{unit}/{period}", Handle)
        .WithName("GetSubmission")
        .WithSummary("A submission: status, values, who changed it and when.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesValidationProblem();

    private static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string unit, string period, Database database, UnitDirectory directory, CancellationToken ct)
    {
        // Reads are not scoped: anyone who may read may read any unit.
        var (unitVersion, parsed, problem) = await SubmissionPath.ResolveAsync(unit, period, new ClaimsPrincipal(), directory, ct);
        if (problem is ValidationProblem invalid) return invalid;
        if (problem is ProblemHttpResult refused) return refused;
        await using var connection = await database.OpenAsync(ct);
        var state = await ValueStore.LoadAsync(connection, null, unitVersion.Id, parsed.Id, ct);
        return state.Status is null
            ? Problems.NotFound($"{unitVersion.Id} ({unitVersion.NameVi}) has no submission for {parsed}.")
            : TypedResults.Ok(SubmissionResponse.From(state, unitVersion));
    }
}

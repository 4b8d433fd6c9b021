using System.Security.Claims;
using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Features.Values;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Submissions.ChangeSubmissionStatus;

/// <summary>The workflow steps: submit (reporter), approve and return (approver), reopen (admin).</summary>
public sealed class ChangeSubmissionStatusEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Submissions;

    public void Map(RouteGroupBuilder group)
    {
        MapStep(group, "submit", SubmissionAction.Submit, Policies.Report, "Submits a draft or returned submission for approval (reporter of the unit, or admin).");
        MapStep(group, "approve", SubmissionAction.Approve, Policies.Approve, "Approves a submitted submission and locks it (approver of the unit, or admin).");
        MapStep(group, "return", SubmissionAction.Return, Policies.Approve, "Returns a submitted submission for correction; a comment is required (approver of the unit, or admin).");
        MapStep(group, "reopen", SubmissionAction.Reopen, Policies.Admin, "Reopens an approved submission, which returns it; a comment is required (admin).");
    }

    private static void MapStep(RouteGroupBuilder group, string step, SubmissionAction action, string policy, string summary) =>
        group.MapPost($"{{unit}}/{{period}}/{step}", (string unit, string period, ChangeSubmissionStatusRequest? request, ClaimsPrincipal user,
                Database database, UnitDirectory directory, CancellationToken ct) => Handle(unit, period, request, action, user, database, directory, ct))
            .WithName($"{char.ToUpperInvariant(step[0])}{step[1..]}Submission")
            .WithSummary(summary)
            .RequireAuthorization(policy)
            .AddEndpointFilter<ValidationFilter<ChangeSubmissionStatusRequest>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string unit, string period, ChangeSubmissionStatusRequest? request, SubmissionAction action, ClaimsPrincipal user,
        Database database, UnitDirectory directory, CancellationToken ct)
    {
        var (unitVersion, parsed, problem) = await SubmissionPath.ResolveAsync(unit, period, user, directory, ct);
        if (problem is ValidationProblem invalid) return invalid;
        if (problem is ProblemHttpResult refused) return refused;
        var comment = TextFold.Nfc(request?.Comment)?.Trim();
        if (action is SubmissionAction.Return or SubmissionAction.Reopen && string.IsNullOrEmpty(comment))
        {
            return Problems.Validation("comment", $"A comment saying why is required to {EnumText.Of(action)} a submission.");
        }
        var (state, refusal) = await database.InTransactionAsync(
            (c, t) => ValueStore.TransitionAsync(c, t, database.Dialect, unitVersion.Id, parsed.Id, action, user.Actor(), string.IsNullOrEmpty(comment) ? null : comment, ct), ct);
        if (refusal is not null)
        {
            return state is null
                ? Problems.NotFound($"{unitVersion.Id} ({unitVersion.NameVi}) has no submission for {parsed}.")
                : Problems.Conflict(state.Status == SubmissionStatus.Approved && action != SubmissionAction.Reopen ? state.LockedMessage : refusal);
        }
        return TypedResults.Ok(SubmissionResponse.From(state!, unitVersion));
    }
}

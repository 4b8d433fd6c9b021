using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Submissions.ChangeSubmissionStatus;

/// <summary>A workflow step: submit (reporter), approve and return (approver), reopen (admin). The body is optional.</summary>
public abstract class ChangeSubmissionStatusEndpoint(SubmissionAction action, string policy, string summary, Database database, UnitDirectory directory)
    : Endpoint<ChangeSubmissionStatusRequest, Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        var step = EnumText.Of(action);
        Post($"{{unit}}/{{period}}/{step}");
        Group<SubmissionsArea>();
        Policies(policy);
        // The comment is optional for submit and approve, so a step may come without a body or a Content-Type.
        Description(b => b.WithName($"{char.ToUpperInvariant(step[0])}{step[1..]}Submission").ClearDefaultAccepts().WithMetadata(new OptionalJsonBody(typeof(ChangeSubmissionStatusRequest)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s => s.Summary = summary);
    }

    public override async Task<Results<Ok<SubmissionResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ChangeSubmissionStatusRequest request, CancellationToken ct)
    {
        var (unitVersion, parsed, problem) = await SubmissionPath.ResolveAsync(Route<string>("unit")!, Route<string>("period")!, User, directory, ct);
        if (problem is ValidationProblem invalid) return invalid;
        if (problem is ProblemHttpResult refused) return refused;
        var comment = TextFold.Nfc(request.Comment)?.Trim();
        if (action is SubmissionAction.Return or SubmissionAction.Reopen && string.IsNullOrEmpty(comment))
        {
            return Problems.Validation("comment", $"A comment saying why is required to {EnumText.Of(action)} a submission.");
        }
        var (state, refusal) = await database.InTransactionAsync(
            (c, t) => SubmissionStore.TransitionAsync(c, t, database.Provider, unitVersion.Id, parsed.Id, action, User.Actor(), string.IsNullOrEmpty(comment) ? null : comment, ct), ct);
        if (refusal is not null)
        {
            return state is null
                ? Problems.NotFound($"{unitVersion.Id} ({unitVersion.NameVi}) has no submission for {parsed}.")
                : Problems.Conflict(state.Status == SubmissionStatus.Approved && action != SubmissionAction.Reopen ? state.LockedMessage : refusal);
        }
        return TypedResults.Ok(SubmissionResponse.From(state!, unitVersion));
    }
}

public sealed class SubmitSubmissionEndpoint(Database database, UnitDirectory directory) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Submit, AccessPolicies.Report, "Submits a draft or returned submission for approval (reporter of the unit, or admin).", database, directory);

public sealed class ApproveSubmissionEndpoint(Database database, UnitDirectory directory) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Approve, AccessPolicies.Approve, "Approves a submitted submission and locks it (approver of the unit, or admin).", database, directory);

public sealed class ReturnSubmissionEndpoint(Database database, UnitDirectory directory) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Return, AccessPolicies.Approve, "Returns a submitted submission for correction; a comment is required (approver of the unit, or admin).", database, directory);

public sealed class ReopenSubmissionEndpoint(Database database, UnitDirectory directory) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Reopen, AccessPolicies.Admin, "Reopens an approved submission, which returns it; a comment is required (admin).", database, directory);

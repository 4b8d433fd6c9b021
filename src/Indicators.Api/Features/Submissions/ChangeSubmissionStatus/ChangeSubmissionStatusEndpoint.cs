using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Submissions.ChangeSubmissionStatus;

/// <summary>
/// A workflow step: submit (reporter), approve and return (approver), reopen (admin). The body is optional. Approve,
/// return and reopen act at the key's level of the submission's approval chain: an admin's at the highest level, an
/// approver's at the level of its unit that covers the submission's (a commune, its province, the country).
/// </summary>
public abstract class ChangeSubmissionStatusEndpoint(SubmissionAction action, string policy, string summary, Database database, UnitDirectory directory,
    CatalogDirectory catalog, IOptions<ApprovalOptions> options)
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
        if (request.Indicators is { } named)
        {
            if (action is not (SubmissionAction.Return or SubmissionAction.Reopen))
            {
                return Problems.Validation("indicators", $"Only a return or a reopening can be limited to indicators, not a {EnumText.Of(action)}.");
            }
            var known = await catalog.GetAsync(ct);
            var unknown = named.Select((code, i) => (code, i)).FirstOrDefault(c => !known.ContainsKey(c.code));
            if (unknown.code is not null) return Problems.Validation($"indicators[{unknown.i}]", $"Unknown indicator '{unknown.code}'.");
        }
        ApprovalRequest? approval = null;
        if (action != SubmissionAction.Submit)
        {
            var graph = await directory.GetAsync(ct);
            var chain = ApprovalChain.For(unitVersion.Level, options.Value.Chain!);
            var acting = User.IsAdmin() ? chain[^1] : ApprovalChain.ActingLevel(unitVersion, User.ScopeUnits(), graph);
            if (acting is not { } level || !chain.Contains(level))
            {
                return Problems.Forbidden($"This key acts at {(acting is null ? "no" : EnumText.Of(acting.Value))} approval level, which does not approve the data of "
                    + $"{unitVersion.Id} ({unitVersion.NameVi}): its approval levels are {ApprovalChain.Describe(chain)}.");
            }
            approval = new ApprovalRequest(chain, level, ApprovalChain.LevelUnits(unitVersion, graph), request.Indicators);
        }
        var (response, refusal, found) = await database.InTransactionAsync(User.Actor(), async w =>
        {
            var (state, refusal) = await SubmissionStore.TransitionAsync(w, unitVersion.Id, parsed.Id, action,
                string.IsNullOrEmpty(comment) ? null : comment, ct, approval);
            return refusal is not null
                ? ((SubmissionResponse?)null, refusal, state is not null)
                : (await SubmissionResponse.LoadAsync(w.Connection, w.Transaction, state!, unitVersion, options.Value, ct), (string?)null, true);
        }, ct);
        if (refusal is not null)
        {
            return found ? Problems.Conflict(refusal) : Problems.NotFound($"{unitVersion.Id} ({unitVersion.NameVi}) has no submission for {parsed}.");
        }
        return TypedResults.Ok(response!);
    }
}

public sealed class SubmitSubmissionEndpoint(Database database, UnitDirectory directory, CatalogDirectory catalog, IOptions<ApprovalOptions> options) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Submit, AccessPolicies.Report, "Submits a draft or returned submission for approval (reporter of the unit, or admin).", database, directory, catalog, options);

public sealed class ApproveSubmissionEndpoint(Database database, UnitDirectory directory, CatalogDirectory catalog, IOptions<ApprovalOptions> options) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Approve, AccessPolicies.Approve, "Approves a submitted submission at the key's level (and the pending levels below it) and locks it (approver of the unit, or admin at the highest level).",
    database, directory, catalog, options);

public sealed class ReturnSubmissionEndpoint(Database database, UnitDirectory directory, CatalogDirectory catalog, IOptions<ApprovalOptions> options) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Return, AccessPolicies.Approve, "Returns a submission no level at or above the key's has approved, for correction; a comment is required; indicators limits it to those values (approver of the unit, or admin).",
    database, directory, catalog, options);

public sealed class ReopenSubmissionEndpoint(Database database, UnitDirectory directory, CatalogDirectory catalog, IOptions<ApprovalOptions> options) : ChangeSubmissionStatusEndpoint(
    SubmissionAction.Reopen, AccessPolicies.Admin, "Reopens an approved submission, which returns it and voids its approvals; a comment is required; indicators limits it to those values (admin).",
    database, directory, catalog, options);

using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Explanations.UpdateExplanation;

public sealed class UpdateExplanationEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<ExplanationRequest, Results<Ok<ExplanationResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("{id:long}");
        Group<ExplanationsArea>();
        Policies(AccessPolicies.Explain);
        Description(b => b.WithName("UpdateExplanation")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithMetadata(new ReadsHeader(ApiHeaders.IfMatch, "The ETag of the explanation's revision being changed (GET it first).", Required: true),
                new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The new revision; send it as If-Match with the next change."),
                new SendsHeader(StatusCodes.Status412PreconditionFailed, ApiHeaders.ETag, "The current revision.")));
        Summary(s => s.Summary = "Changes an explanation: cause, text, corrective action, agency, due date, status (a reporter or approver of its unit, or an admin). Requires If-Match; a stale one is a 412.");
    }

    public override async Task<Results<Ok<ExplanationResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ExplanationRequest request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var units = await directory.GetAsync(ct);
        ExplanationDefinition? explanation;
        Dictionary<string, string[]> errors;
        IReadOnlyList<ExplanationCause> causes;
        int expected;
        await using (var connection = await database.OpenAsync(ct))
        {
            var current = await ExplanationStore.GetAsync(connection, id, ct);
            if (current is null) return Problems.NotFound($"No explanation has the id {id}.");
            if (ExplanationChecks.Refusal(User, units, current.Definition.Unit) is { } refusal) return refusal;
            if (VersionETag.FromIfMatch(HttpContext.Request) is not { } ifMatch) return VersionETag.Required("explanation");
            expected = ifMatch;
            (explanation, errors) = await ExplanationChecks.ResolveAsync(request, connection, units, DateRules.TodayInVietnam(clock), ct);
            if (explanation is not null && (explanation.TargetId, explanation.Unit, explanation.Year) != (current.Definition.TargetId, current.Definition.Unit, current.Definition.Year))
                errors["targetId"] = [$"An explanation stays on its target, unit and year ({current.Definition.TargetId}, {current.Definition.Unit}, {current.Definition.Year}); create another for another."];
            causes = await ExplanationStore.CausesAsync(connection, ct);
        }
        if (explanation is null || errors.Count > 0) return Problems.Validation(errors);

        var outcome = await database.InTransactionAsync<(int Status, Explanation? Explanation)>(User.Actor(), async w =>
        {
            var stored = await ExplanationStore.GetAsync(w.Connection, id, ct, w.Transaction);
            if (stored is null) return (404, null);
            var revised = await ExplanationStore.ReviseAsync(w, stored, explanation, expected, ct);
            return revised is null ? (412, stored) : (200, revised);
        }, ct);
        if (outcome.Explanation is not null) HttpContext.Response.Headers.ETag = VersionETag.Of(outcome.Explanation.Version);
        return outcome.Status switch
        {
            404 => Problems.NotFound($"No explanation has the id {id}."),
            412 => Problems.PreconditionFailed($"Explanation {id} is at revision {outcome.Explanation!.Version}, not {expected}; GET it again and reapply your change."),
            _ => TypedResults.Ok(ExplanationResponse.From(outcome.Explanation!, causes)),
        };
    }
}

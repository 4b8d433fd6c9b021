using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.UpdateTarget;

public sealed class UpdateTargetEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<TargetRequest, Results<Ok<TargetResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("{id:long}");
        Group<TargetsArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("UpdateTarget")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithMetadata(new ReadsHeader(ApiHeaders.IfMatch, "The ETag of the revision being changed (GET the target first).", Required: true),
                new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The new revision; send it as If-Match with the next change."),
                new SendsHeader(StatusCodes.Status412PreconditionFailed, ApiHeaders.ETag, "The current revision.")));
        Summary(s => s.Summary = "Writes a new revision of a target (admin). Requires If-Match with the current ETag; a stale one is a 412.");
    }

    public override async Task<Results<Ok<TargetResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(TargetRequest request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var http = HttpContext;
        var expected = TargetETag.FromIfMatch(http.Request);
        if (expected is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.",
                detail: "Send the ETag of the revision you are changing (GET the target first) as If-Match, so a concurrent change is not overwritten.");
        }
        TargetDefinition? target;
        Dictionary<string, string[]> errors;
        await using (var connection = await database.OpenAsync(ct))
        {
            (target, errors) = await TargetChecks.ResolveAsync(request, connection, await directory.GetAsync(ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        }
        if (target is null) return Problems.Validation(errors);

        var outcome = await database.InTransactionAsync<(int Status, Target? Target)>(User.Actor(), async w =>
        {
            var current = await TargetStore.GetAsync(w.Connection, id, ct, w.Transaction);
            if (current is null || current.Value.DeletedAt is not null) return (404, null);
            if (current.Value.Target.Version != expected) return (412, current.Value.Target);
            var revised = await TargetStore.ReviseAsync(w, current.Value.Target, target, ct, expected);
            return revised is null ? (412, current.Value.Target) : (200, revised.Value.Target);
        }, ct);

        switch (outcome.Status)
        {
            case 404:
                return Problems.NotFound($"No current target has the id {id}.");
            case 412:
                http.Response.Headers.ETag = TargetETag.Of(outcome.Target!);
                return Problems.PreconditionFailed($"Target {id} is at revision {outcome.Target!.Version}, not {expected}; GET it again and reapply your change.");
            default:
                http.Response.Headers.ETag = TargetETag.Of(outcome.Target!);
                return TypedResults.Ok(TargetResponse.From(outcome.Target!));
        }
    }
}

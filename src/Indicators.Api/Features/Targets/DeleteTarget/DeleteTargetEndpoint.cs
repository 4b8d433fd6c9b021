using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.DeleteTarget;

public sealed class DeleteTargetEndpoint(Database database) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("{id:long}");
        Group<TargetsArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("DeleteTarget")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithMetadata(new ReadsHeader(ApiHeaders.IfMatch, "When sent, the ETag of the revision being deleted.")));
        Summary(s => s.Summary = "Soft-deletes a target (admin): it leaves lists and reports, its history stays. If-Match is honoured when sent.");
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var expected = TargetETag.FromIfMatch(HttpContext.Request);
        var status = await database.InTransactionAsync(User.Actor(), async w =>
        {
            var current = await TargetStore.GetAsync(w.Connection, id, ct, w.Transaction);
            if (current is null || current.Value.DeletedAt is not null) return 404;
            if (expected is not null && current.Value.Target.Version != expected) return 412;
            return await TargetStore.DeleteAsync(w, current.Value.Target, ct) ? 204 : 412;
        }, ct);
        return status switch
        {
            404 => Problems.NotFound($"No current target has the id {id}."),
            412 => Problems.PreconditionFailed($"Target {id} has changed since the ETag you sent; GET it again."),
            _ => TypedResults.NoContent(),
        };
    }
}

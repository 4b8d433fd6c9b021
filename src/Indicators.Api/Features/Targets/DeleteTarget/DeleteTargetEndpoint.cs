using System.Security.Claims;
using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.DeleteTarget;

public sealed class DeleteTargetEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Targets;

    public void Map(RouteGroupBuilder group) => group.MapDelete("{id:long}", Handle)
        .WithName("DeleteTarget")
        .WithSummary("Soft-deletes a target (admin): it leaves lists and reports, its history stays. If-Match is honoured when sent.")
        .RequireAuthorization(Policies.Admin)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        long id, HttpContext http, ClaimsPrincipal user, Database database, CancellationToken ct)
    {
        var expected = TargetETag.FromIfMatch(http.Request);
        var status = await database.InTransactionAsync(async (c, t) =>
        {
            var current = await TargetData.GetAsync(c, id, ct, t);
            if (current is null || current.Value.DeletedAt is not null) return 404;
            if (expected is not null && current.Value.Target.Version != expected) return 412;
            return await TargetData.DeleteAsync(c, t, current.Value.Target, user.Actor(), ct) ? 204 : 412;
        }, ct);
        return status switch
        {
            404 => Problems.NotFound($"No current target has the id {id}."),
            412 => Problems.PreconditionFailed($"Target {id} has changed since the ETag you sent; GET it again."),
            _ => TypedResults.NoContent(),
        };
    }
}

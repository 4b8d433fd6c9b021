using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.GetTarget;

public sealed class GetTargetEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Targets;

    public void Map(RouteGroupBuilder group) => group.MapGet("{id:long}", Handle)
        .WithName("GetTarget")
        .WithSummary("One target; its ETag is the revision to send as If-Match when updating.")
        .RequireAuthorization(Policies.Read)
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<TargetResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        long id, HttpContext http, Database database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var found = await TargetData.GetAsync(connection, id, ct);
        if (found is null) return Problems.NotFound($"No target has the id {id}.");
        if (found.Value.DeletedAt is { } deletedAt) return Problems.NotFound($"Target {id} was deleted at {deletedAt}; its history remains at /api/v1/targets/{id}/history.");

        var etag = TargetETag.Of(found.Value.Target);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(found.Value.Target);
    }
}

using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.GetTarget;

public sealed class GetTargetEndpoint(Database database) : EndpointWithoutRequest<Results<Ok<TargetResponse>, StatusCodeHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Target);
        Group<TargetsArea>();
        Description(b => b.WithName("GetTarget").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().Produces(StatusCodes.Status304NotModified)
            .WithMetadata(new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The revision: send it as If-Match to update or delete, or as If-None-Match for a 304.")));
        Summary(s => s.Summary = "One target; its ETag is the revision to send as If-Match when updating.");
    }

    public override async Task<Results<Ok<TargetResponse>, StatusCodeHttpResult, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var http = HttpContext;
        await using var connection = await database.OpenAsync(ct);
        var found = await TargetStore.GetAsync(connection, id, ct);
        if (found is null) return Problems.NotFound($"No target has the id {id}.");
        if (found.Value.DeletedAt is { } deletedAt) return Problems.NotFound($"Target {id} was deleted at {deletedAt}; its history remains at /api/v1/targets/{id}/history.");

        var etag = TargetETag.Of(found.Value.Target);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.ToString().Split(',').Any(t => t.Trim() == etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(TargetResponse.From(found.Value.Target));
    }
}

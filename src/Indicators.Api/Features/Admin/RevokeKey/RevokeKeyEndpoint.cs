using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.RevokeKey;

public sealed class RevokeKeyEndpoint(KeyStore keys) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete(ApiRoutes.Key);
        Group<AdminArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("RevokeKey").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s => s.Summary = "Revokes an API key (admin); it is refused from the next request on. The last active admin key cannot be revoked (409).");
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var outcome = await keys.RevokeAsync(id, User.Actor(), ct);
        return outcome switch
        {
            KeyRevocation.NotFound => Problems.NotFound($"No active key has the id {id}."),
            // Without an admin key nobody could manage keys again: the instance would be locked for good.
            KeyRevocation.LastAdmin => Problems.Conflict($"Key {id} is the last active admin key; create another admin key before revoking this one."),
            _ => TypedResults.NoContent(),
        };
    }
}

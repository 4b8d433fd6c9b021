using System.Security.Claims;
using Dapper;
using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.RevokeKey;

public sealed class RevokeKeyEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Keys;

    public void Map(RouteGroupBuilder group) => group.MapDelete("{id:long}", Handle)
        .WithName("RevokeKey")
        .WithSummary("Revokes an API key (admin); it is refused from the next request on. The last active admin key cannot be revoked (409).")
        .RequireAuthorization(Policies.Admin)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(long id, ClaimsPrincipal user, Database database, CancellationToken ct)
    {
        var outcome = await database.InTransactionAsync(async (c, t) =>
        {
            var key = await c.QuerySingleOrDefaultAsync<(string Prefix, string Role)?>(new CommandDefinition(
                "SELECT prefix, role FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id }, t, cancellationToken: ct));
            if (key is not { } found) return Outcome.NotFound;
            if (found.Role == Roles.Admin && await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM api_keys WHERE role = @role AND revoked_at IS NULL", new { role = Roles.Admin }, t, cancellationToken: ct)) == 1)
            {
                return Outcome.LastAdmin;
            }
            await c.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_at = @at WHERE id = @id",
                new { id, at = Clock.Stamp(DateTimeOffset.UtcNow) }, t, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, t, user.Actor(), new AuditEntry("apiKey", found.Prefix, "revoked"), ct);
            return Outcome.Revoked;
        }, ct);
        return outcome switch
        {
            Outcome.NotFound => Problems.NotFound($"No active key has the id {id}."),
            // Without an admin key nobody could manage keys again: the instance would be locked for good.
            Outcome.LastAdmin => Problems.Conflict($"Key {id} is the last active admin key; create another admin key before revoking this one."),
            _ => TypedResults.NoContent(),
        };
    }

    private enum Outcome { Revoked, NotFound, LastAdmin }
}

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
        .WithSummary("Revokes an API key (admin); it is refused from the next request on.")
        .RequireAuthorization(Policies.Admin)
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(long id, ClaimsPrincipal user, Database database, CancellationToken ct)
    {
        var prefix = await database.InTransactionAsync(async (c, t) =>
        {
            var prefix = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT prefix FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id }, t, cancellationToken: ct));
            if (prefix is null) return null;
            await c.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_at = @at WHERE id = @id",
                new { id, at = Clock.Stamp(DateTimeOffset.UtcNow) }, t, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, t, user.Actor(), new AuditEntry("apiKey", prefix, "revoked"), ct);
            return prefix;
        }, ct);
        return prefix is null ? Problems.NotFound($"No active key has the id {id}.") : TypedResults.NoContent();
    }
}

using FastEndpoints;
using Dapper;
using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.RevokeKey;

public sealed class RevokeKeyEndpoint(Database database) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("{id:long}");
        Group<AdminArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("RevokeKey").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(s => s.Summary = "Revokes an API key (admin); it is refused from the next request on. The last active admin key cannot be revoked (409).");
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var outcome = await database.InTransactionAsync(async (c, t) =>
        {
            var key = await c.QuerySingleOrDefaultAsync<(string Prefix, string Role)?>(new CommandDefinition(
                "SELECT prefix, role FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id }, t, cancellationToken: ct));
            if (key is not { } found) return Outcome.NotFound;
            if (found.Role == Infrastructure.Auth.Roles.Admin && await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM api_keys WHERE role = @role AND revoked_at IS NULL", new { role = Infrastructure.Auth.Roles.Admin }, t, cancellationToken: ct)) == 1)
            {
                return Outcome.LastAdmin;
            }
            await c.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_at = @at WHERE id = @id",
                new { id, at = Clock.Stamp(DateTimeOffset.UtcNow) }, t, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, t, User.Actor(), new AuditEntry("apiKey", found.Prefix, "revoked"), ct);
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

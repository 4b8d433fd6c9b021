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
        Description(b => b.WithName("RevokeKey").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s => s.Summary = "Revokes an API key (admin); it is refused from the next request on.");
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var prefix = await database.InTransactionAsync(async (c, t) =>
        {
            var prefix = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT prefix FROM api_keys WHERE id = @id AND revoked_at IS NULL", new { id }, t, cancellationToken: ct));
            if (prefix is null) return null;
            await c.ExecuteAsync(new CommandDefinition("UPDATE api_keys SET revoked_at = @at WHERE id = @id",
                new { id, at = Clock.Stamp(DateTimeOffset.UtcNow) }, t, cancellationToken: ct));
            await ChangeLog.RecordAsync(c, t, User.Actor(), new AuditEntry("apiKey", prefix, "revoked"), ct);
            return prefix;
        }, ct);
        return prefix is null ? Problems.NotFound($"No active key has the id {id}.") : TypedResults.NoContent();
    }
}

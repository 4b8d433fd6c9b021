using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>A kept answer to an <c>Idempotency-Key</c>: the request it answered (by hash) and the answer itself.</summary>
public sealed record IdempotencyRecord(string RequestHash, long StatusCode, string? ContentType, byte[]? Body);

/// <summary>The kept answers of idempotent requests (<c>idempotency_records</c>), each valid until the retention ends.</summary>
public sealed class IdempotencyStore(Database database)
{
    private const string Select =
        "SELECT request_hash, status_code, content_type, body FROM idempotency_records WHERE caller = @caller AND idem_key = @key AND created_at >= @notBefore";

    private const string ReplaceExpired = "DELETE FROM idempotency_records WHERE caller = @caller AND idem_key = @key AND created_at < @notBefore";

    private const string Insert =
        """
        INSERT INTO idempotency_records (caller, idem_key, request_hash, status_code, content_type, body, created_at)
        VALUES (@caller, @key, @requestHash, @status, @contentType, @body, @at)
        """;

    private const string DeleteExpired = "DELETE FROM idempotency_records WHERE created_at < @notBefore";

    /// <summary>The answer kept for this caller and key that is still valid at <paramref name="notBefore"/>; null when there is none.</summary>
    public async Task<IdempotencyRecord?> FindAsync(string caller, string key, DateTimeOffset notBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(Select,
            new { caller, key, notBefore = Clock.Stamp(notBefore) }, cancellationToken: ct));
    }

    /// <summary>Keeps an answer, in place of an expired one of the same key; false when another request kept one first.</summary>
    public async Task<bool> TryKeepAsync(string caller, string key, IdempotencyRecord record, DateTimeOffset now, DateTimeOffset notBefore)
    {
        try
        {
            await database.InTransactionAsync(async (c, t) =>
            {
                await c.ExecuteAsync(new CommandDefinition(ReplaceExpired, new { caller, key, notBefore = Clock.Stamp(notBefore) }, t));
                return await c.ExecuteAsync(new CommandDefinition(Insert, new
                {
                    caller, key, requestHash = record.RequestHash, status = record.StatusCode, contentType = record.ContentType, body = record.Body, at = Clock.Stamp(now),
                }, t));
            });
            return true;
        }
        catch (DbException)
        {
            // The same key was kept first, by this instance or another: its record answers later replays.
            return false;
        }
    }

    /// <returns>How many expired answers were deleted.</returns>
    public Task<int> DeleteExpiredAsync(DateTimeOffset notBefore, CancellationToken ct) =>
        database.InTransactionAsync((c, t) => c.ExecuteAsync(new CommandDefinition(DeleteExpired, new { notBefore = Clock.Stamp(notBefore) }, t, cancellationToken: ct)), ct);
}

using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>A kept answer to an <c>Idempotency-Key</c>: the request it answered (by hash) and the answer itself; status 0 while the request runs.</summary>
public sealed record IdempotencyRecord(string RequestHash, long StatusCode, string? ContentType, byte[]? Body)
{
    public bool InProgress => StatusCode == 0;
}

/// <summary>
/// The kept answers of idempotent requests (<c>idempotency_records</c>), each valid until the retention ends. A request
/// claims its key in the database before it runs, so the same key sent to two instances at once runs once.
/// </summary>
public sealed class IdempotencyStore(Database database)
{
    private const string Select =
        "SELECT request_hash, status_code, content_type, body FROM idempotency_records WHERE caller = @caller AND idem_key = @key AND created_at >= @notBefore";

    // An expired answer, or a claim whose request died with its instance, gives way to a new request.
    private const string DeleteStale =
        "DELETE FROM idempotency_records WHERE caller = @caller AND idem_key = @key AND (created_at < @notBefore OR (status_code = 0 AND created_at < @abandonedBefore))";

    private const string InsertClaim =
        """
        INSERT INTO idempotency_records (caller, idem_key, request_hash, status_code, content_type, body, created_at)
        VALUES (@caller, @key, @requestHash, 0, NULL, NULL, @at)
        """;

    private const string Complete =
        "UPDATE idempotency_records SET status_code = @status, content_type = @contentType, body = @body WHERE caller = @caller AND idem_key = @key AND status_code = 0";

    private const string Release = "DELETE FROM idempotency_records WHERE caller = @caller AND idem_key = @key AND status_code = 0";

    private const string DeleteExpired = "DELETE FROM idempotency_records WHERE created_at < @notBefore";

    /// <summary>A claim older than this belongs to a request that will never finish (its instance stopped).</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The record kept for this caller and key that is still valid at <paramref name="notBefore"/>; null when there is none.</summary>
    public async Task<IdempotencyRecord?> FindAsync(string caller, string key, DateTimeOffset notBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(Select,
            new { caller, key, notBefore = Clock.Stamp(notBefore) }, cancellationToken: ct));
    }

    /// <summary>
    /// Claims the key for a request about to run; null when claimed, otherwise the record that holds the key (a kept
    /// answer, or another request's claim). Writers are serialised, so two claims of one key never both succeed.
    /// </summary>
    public Task<IdempotencyRecord?> ClaimAsync(string caller, string key, string requestHash, DateTimeOffset now, DateTimeOffset notBefore, CancellationToken ct) =>
        database.InTransactionAsync(caller, async w =>
        {
            await w.Connection.ExecuteAsync(new CommandDefinition(DeleteStale,
                new { caller, key, notBefore = Clock.Stamp(notBefore), abandonedBefore = Clock.Stamp(now - ClaimLifetime) }, w.Transaction, cancellationToken: ct));
            var held = await w.Connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(Select,
                new { caller, key, notBefore = Clock.Stamp(notBefore) }, w.Transaction, cancellationToken: ct));
            if (held is not null) return held;
            await w.Connection.ExecuteAsync(new CommandDefinition(InsertClaim, new { caller, key, requestHash, at = Clock.Stamp(now) }, w.Transaction, cancellationToken: ct));
            return null;
        }, ct);

    /// <summary>Keeps the answer of a claimed request.</summary>
    public Task CompleteAsync(string caller, string key, IdempotencyRecord answer) =>
        database.InTransactionAsync(caller, w => w.Connection.ExecuteAsync(new CommandDefinition(Complete, new
        {
            caller, key, status = answer.StatusCode, contentType = answer.ContentType, body = answer.Body,
        }, w.Transaction)));

    /// <summary>Gives the key back: the answer settled nothing (server trouble, throttling), so a retry must run again.</summary>
    public Task ReleaseAsync(string caller, string key) =>
        database.InTransactionAsync(caller, w => w.Connection.ExecuteAsync(new CommandDefinition(Release, new { caller, key }, w.Transaction)));

    /// <summary>Who deletes expired answers: the service itself.</summary>
    private const string Sweeper = "service (idempotency)";

    /// <returns>How many expired answers were deleted.</returns>
    public Task<int> DeleteExpiredAsync(DateTimeOffset notBefore, CancellationToken ct) =>
        database.InTransactionAsync(Sweeper, w => w.Connection.ExecuteAsync(new CommandDefinition(DeleteExpired, new { notBefore = Clock.Stamp(notBefore) }, w.Transaction, cancellationToken: ct)), ct);
}

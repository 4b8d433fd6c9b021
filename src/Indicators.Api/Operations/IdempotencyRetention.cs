using System.Data.Common;
using Indicators.Api.Storage;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Operations;

/// <summary>The <c>Idempotency</c> configuration section.</summary>
public sealed class IdempotencyRetentionOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a stored answer replays; after that the same key is a new request.</summary>
    public double RetentionHours { get; set; } = 24;

    public TimeSpan Retention => TimeSpan.FromHours(RetentionHours);
}

/// <summary>
/// Deletes expired idempotency records at start-up and then every hour, so the table holds about one retention's worth.
/// Expiry itself is checked on read (<see cref="Infrastructure.Idempotency"/>): a record past its time never replays,
/// whether or not it is deleted yet. Audit entries are never deleted.
/// </summary>
public sealed class IdempotencyRetention(IdempotencyStore store, TimeProvider clock, IOptions<IdempotencyRetentionOptions> options, ILogger<IdempotencyRetention> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
            {
                // The database may be away for a while (readiness says so); the next sweep tries again.
                logger.LogWarning("Deleting expired idempotency records failed: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many records were deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var notBefore = clock.GetUtcNow() - options.Value.Retention;
        var deleted = await store.DeleteExpiredAsync(notBefore, ct);
        if (deleted > 0) logger.LogDebug("Deleted {Count} idempotency records older than {NotBefore}", deleted, notBefore);
        return deleted;
    }
}

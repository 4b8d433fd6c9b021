using Indicators.Api.Reporting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Operations;

/// <summary>
/// Builds the attainment index once the service has started, so the first report after a start or a deploy is answered
/// from memory instead of making its user wait for the whole database to be read. Readiness waits for it; liveness does
/// not. A build that fails (the database is away) is tried again until it succeeds.
/// </summary>
public sealed class IndexWarmup(ValueIndexCache index, IOptions<AttainmentOptions> options, ILogger<IndexWarmup> logger) : BackgroundService, IHealthCheck
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private volatile bool _warm = !options.Value.WarmOnStart;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_warm) return;
        var wait = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = TimeProvider.System.GetTimestamp();
                await index.GetAsync(stoppingToken);
                _warm = true;
                logger.LogInformation("Attainment index built in {ElapsedMs} ms; the service is ready.", (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("The attainment index could not be built ({Error}); trying again in {Seconds} s.", e.GetType().Name, wait.TotalSeconds);
                await Task.Delay(wait, stoppingToken);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetry.Ticks));
            }
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_warm ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The attainment index is being built."));
}

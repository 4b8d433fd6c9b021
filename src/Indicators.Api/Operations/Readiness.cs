using System.Data.Common;
using Indicators.Api.Storage.Migrations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Indicators.Api.Operations;

/// <summary>Readiness: every migration script shipped with the service is recorded as applied in the database.</summary>
public sealed class MigrationsHealthCheck(MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> missing;
        try
        {
            missing = await migrations.PendingAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy("The migration journal cannot be read.");
        }
        return missing.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Not applied: {string.Join(", ", missing)}. Restart the service to apply them.");
    }
}

/// <summary>
/// The body of <c>/health/ready</c>: <c>Healthy</c> as plain text, or a <c>503</c> problem naming each check and its
/// state. Only the checks' own fixed descriptions are shown, never exception messages or connection strings.
/// </summary>
public static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("Healthy");
        }
        var failed = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        var problem = new ProblemDetails
        {
            Status = context.Response.StatusCode,
            Title = "The service is not ready.",
            Detail = $"Failed: {string.Join(", ", failed)}.",
            Extensions =
            {
                ["checks"] = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    description = e.Value.Description,
                }),
            },
        };
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }
}

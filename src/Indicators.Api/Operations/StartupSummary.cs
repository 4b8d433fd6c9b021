using Indicators.Api.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Operations;

/// <summary>One log line once the service listens: what it runs on and where, so an operator sees the setup at a glance.</summary>
public static class StartupSummary
{
    public static void LogWhenStarted(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var services = app.Services;
        var database = services.GetRequiredService<Database>();
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Indicators.Api.Startup").LogInformation(
            "Indicators started ({Environment}): database {Provider} at {Location}; listening on {Urls}; metrics {Metrics}; idempotency records kept {RetentionHours} h",
            app.Environment.EnvironmentName, database.Provider.Name, database.Location, string.Join(", ", addresses),
            TelemetrySetup.Describe(app.Configuration), services.GetRequiredService<IOptions<IdempotencyRetentionOptions>>().Value.RetentionHours);
    });
}

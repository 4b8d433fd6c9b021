using System.Data.Common;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Operations;

/// <summary>One log line once the service listens: what it runs on and where, so an operator sees the setup at a glance.</summary>
public static class StartupSummary
{
    /// <summary>Connection-string keys that say where a database is; user names, passwords and tokens are never shown.</summary>
    private static readonly string[] LocationKeys = ["Data Source", "Server", "Host", "Port", "Database", "Initial Catalog"];

    public static void LogWhenStarted(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var services = app.Services;
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Indicators.Api.Startup").LogInformation(
            "Indicators started ({Environment}): database {Provider} at {Location}; listening on {Urls}; metrics {Metrics}; idempotency records kept {RetentionHours} h",
            app.Environment.EnvironmentName, database.Provider, Location(database), string.Join(", ", addresses),
            TelemetrySetup.Describe(app.Configuration), services.GetRequiredService<IOptions<IdempotencyRetentionOptions>>().Value.RetentionHours);
    });

    /// <summary>A SQLite file's full path, or the server and database of a connection string, without credentials.</summary>
    public static string Location(DatabaseOptions options)
    {
        if (options.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var file = new SqliteConnectionStringBuilder(options.ConnectionString ?? Database.DefaultSqliteConnectionString).DataSource;
            return Path.GetFullPath(file);
        }
        var builder = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString ?? "" };
        var parts = LocationKeys.Where(builder.ContainsKey).Select(k => $"{k}={builder[k]}").ToList();
        return parts.Count == 0 ? "(not configured)" : string.Join(";", parts);
    }
}

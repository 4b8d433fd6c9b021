using Microsoft.Extensions.Configuration.Memory;

namespace Indicators.Api.Operations;

/// <summary>
/// The console's defaults: start-up, the configuration summary, warnings and errors — but no line per request.
/// ASP.NET Core's hosting, routing and result categories (and a failed key, which is a 401 the client sees) log at
/// Warning. Kept in code rather than in an appsettings.json, which is read only from the directory the service is
/// started in; appsettings files, the environment and the command line override every key.
/// </summary>
public static class LoggingDefaults
{
    /// <summary>Adds the defaults below every other configuration source.</summary>
    public static void AddLoggingDefaults(this WebApplicationBuilder builder)
    {
        // The simple formatter needs the space between stamp and level; in JSON it would end up inside the stamp.
        var json = string.Equals(builder.Configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Indicators.Api.Infrastructure.Auth.ApiKeyAuthentication"] = "Warning",
                // Named, or the console provider ignores FormatterOptions; "json" writes one JSON object a line for log shippers.
                ["Logging:Console:FormatterName"] = "simple",
                ["Logging:Console:FormatterOptions:SingleLine"] = "true",
                ["Logging:Console:FormatterOptions:TimestampFormat"] = json ? "yyyy-MM-ddTHH:mm:ss.fffZ" : "yyyy-MM-ddTHH:mm:ss.fffZ ",
                ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
            },
        });
    }
}

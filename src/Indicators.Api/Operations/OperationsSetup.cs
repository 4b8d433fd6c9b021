namespace Indicators.Api.Operations;

/// <summary>What running the service needs beyond its API: telemetry, start-up summary, retention, readiness detail, backups, the index built at start.</summary>
public static class OperationsSetup
{
    public static void AddOperations(this WebApplicationBuilder builder)
    {
        builder.AddLoggingDefaults();
        builder.AddTelemetry();
        builder.Services.Configure<IdempotencyRetentionOptions>(builder.Configuration.GetSection(IdempotencyRetentionOptions.Section));
        builder.Services.AddHostedService<IdempotencyRetention>();
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.Section));
        builder.Services.AddHttpClient(nameof(NotificationDelivery), c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<NotificationDelivery>();
        builder.Services.AddHostedService(s => s.GetRequiredService<NotificationDelivery>());
        builder.Services.AddSingleton<IndexWarmup>();
        builder.Services.AddHostedService(s => s.GetRequiredService<IndexWarmup>());
        builder.Services.AddHealthChecks()
            .AddCheck<MigrationsHealthCheck>("migrations", tags: ["ready"])
            .AddCheck<IndexWarmup>("attainmentIndex", tags: ["ready"]);
    }

    /// <summary>Early in the pipeline: the management-port scrape endpoint answers before authentication.</summary>
    public static void UseOperations(this WebApplication app)
    {
        StartupSummary.LogWhenStarted(app);
        app.MapTelemetry();
        app.UseMiddleware<WriteMetering>();
    }
}

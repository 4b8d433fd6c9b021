using System.Text.Json;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Operations;
using Indicators.Api.Seeding;
using Indicators.Api.Storage;
using Indicators.Api.Storage.Migrations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Indicators.Api.Reporting;
using Indicators.Api.Writing;

namespace Indicators.Api.Infrastructure;

/// <summary>The composition of the service: what Program.cs calls.</summary>
public static class ServiceSetup
{
    public const int DefaultPort = 5080;

    public const string DemoFlag = "--demo";

    /// <summary>
    /// The host's options: <c>--demo</c> is a flag of ours, not a configuration key (the command-line provider would take
    /// the next argument as its value), and the dashboard is served from the <c>wwwroot</c> beside the binaries, so the
    /// service shows it from whatever directory it is started in.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        return new WebApplicationOptions
        {
            Args = args.Where(a => a != DemoFlag).ToArray(),
            WebRootPath = Directory.Exists(webRoot) ? webRoot : null,
        };
    }

    public static void AddIndicators(this WebApplicationBuilder builder, string[] args)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        if (args.Contains(DemoFlag)) configuration["Seed:Demo"] = "true";

        // The documented default address, unless the host is told otherwise (ASPNETCORE_URLS, --urls, HTTP_PORTS).
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://localhost:{DefaultPort}");
        }
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Database>();
        services.AddSingleton<UnitDirectory>();
        services.AddSingleton<CatalogDirectory>();
        services.AddSingleton<KeyDirectory>();
        services.AddSingleton<CategoryDirectory>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<Seeder>();
        services.AddSingleton<AdminKeyBootstrap>();
        services.AddSingleton<KeyStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ValueIndexStore>();
        services.Configure<Reporting.AttainmentOptions>(configuration.GetSection(Reporting.AttainmentOptions.Section));
        services.AddSingleton<Reporting.ValueIndexCache>();
        services.Configure<Features.Reports.GetCompliance.ComplianceOptions>(configuration.GetSection(Features.Reports.GetCompliance.ComplianceOptions.Section));
        services.AddSingleton<Reporting.AttainmentQuery>();
        services.AddSingleton<IIndicatorDecimals, Features.Indicators.IndicatorDecimals>();
        services.Configure<Writing.ValueOptions>(configuration.GetSection(Writing.ValueOptions.Section));
        services.AddSingleton<Writing.ReportablePeriods>();
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section))
            .Validate(o => o.MinimumStatus != Domain.SubmissionStatus.Returned, "Reports:MinimumStatus must be draft, submitted or approved.")
            .ValidateOnStart();
        services.AddOptions<Features.Tasks.TaskOptions>().Bind(configuration.GetSection(Features.Tasks.TaskOptions.Section))
            .Validate(o => o.YearlyReport is not null, "Tasks:YearlyReportDeadline must be a month and day, MM-dd (e.g. 12-15).").ValidateOnStart();
        services.AddOptions<Features.Submissions.ApprovalOptions>().Bind(configuration.GetSection(Features.Submissions.ApprovalOptions.Section))
            .Validate(o => o.Chain is not null, "Approval:Levels must list commune, province and/or ministry, lowest first (e.g. commune,province,ministry).").ValidateOnStart();
        services.Configure<Features.Imports.ImportDataValueSet.Dhis2Options>(configuration.GetSection(Features.Imports.ImportDataValueSet.Dhis2Options.Section));

        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => JsonSetup.Configure(o.JsonSerializerOptions));

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.Remove("exception");
            ProblemLanguage.Apply(c.HttpContext, c.ProblemDetails);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // API keys need no cookie or token protection: keep the framework's data-protection keys in memory, not on disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization(o => AccessPolicies.Configure(o, configuration.GetValue<bool>("Auth:RequireAuthForReads")));

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        // Abuse controls (DESIGN §4): write rate limits, body size limits, CORS only for the configured BI origins.
        services.AddWriteRateLimiting(configuration);
        services.Configure<BodyLimitOptions>(configuration.GetSection(BodyLimitOptions.Section));
        if (AllowedOrigins(configuration) is { Length: > 0 } origins)
        {
            services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins).WithMethods("GET")
                .WithHeaders("X-Api-Key", "Authorization", "Accept", "If-None-Match")
                .WithExposedHeaders("ETag", "X-Next-Cursor")
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        }

        services.AddFeatureEndpoints();
        services.AddOpenApiDocument();

        builder.AddOperations();
    }

    public static void UseIndicators(this WebApplication app)
    {
        PrepareDatabase(app.Services).GetAwaiter().GetResult();

        // First, so that error responses written by the exception handler carry the headers too.
        app.UseMiddleware<SecurityHeaders>();
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) DataVersionSnapshot.Begin();
            return next(context);
        });
        app.Use(ProblemLanguage.UseAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOperations();
        if (AllowedOrigins(app.Configuration).Length > 0) app.UseCors();
        // The dashboard (wwwroot/index.html at /) is public: with protected reads it asks for a key itself.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        // After authentication, so writes are counted per API key.
        app.UseRateLimiter();
        app.UseAuthorization();
        // Before anything reads the body (the idempotency hash, JSON binding).
        app.UseMiddleware<ContentTypeGuard>();
        app.UseMiddleware<BodyLimitMiddleware>();
        app.UseMiddleware<Idempotency>();

        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = ReadinessResponse.WriteAsync }).ExcludeFromDescription();
        app.MapFeatureEndpoints();
        // After the endpoints are mapped: the document generator reads their validators once, when it is created.
        app.UseOpenApiDocument();
    }

    /// <summary><c>Cors:AllowedOrigins</c>: the origins of BI tools that may read from a browser; none by default.</summary>
    private static string[] AllowedOrigins(IConfiguration configuration) =>
        configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];

    /// <summary>Migrates, seeds and bootstraps the first admin key before the service takes requests.</summary>
    public static async Task PrepareDatabase(IServiceProvider services)
    {
        await services.GetRequiredService<Database>().PrepareAsync();
        services.GetRequiredService<MigrationRunner>().Run();
        await services.GetRequiredService<Seeder>().RunAsync();
        await services.GetRequiredService<AdminKeyBootstrap>().RunAsync();
    }
}

/// <summary>Readiness: the database answers a query on a fresh connection.</summary>
public sealed class DatabaseHealthCheck(Database database) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.ProbeAsync(cancellationToken)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("The database does not answer.");
}

using Indicators.Api.Infrastructure.Auth;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Indicators.Api.Operations;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>Where OTLP metrics and traces go (gRPC, e.g. <c>http://collector:4317</c>); nothing is exported without it.</summary>
    public string? OtlpEndpoint { get; set; }

    public sealed class PrometheusOptions
    {
        /// <summary>Serve the Prometheus scrape endpoint.</summary>
        public bool Enabled { get; set; }

        public string Path { get; set; } = "/metrics";

        /// <summary>A management port to serve it on, without a key; otherwise it is on the service's port and needs an admin key.</summary>
        public int? Port { get; set; }
    }
}

/// <summary>
/// OpenTelemetry metrics and traces: the service's own meter and spans (<see cref="Telemetry"/>), ASP.NET Core's HTTP
/// and Kestrel meters and the .NET runtime's. Off unless a Prometheus endpoint or an OTLP endpoint is configured.
/// </summary>
public static class TelemetrySetup
{
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        // The OTLP exporter also honours the standard OTEL_EXPORTER_OTLP_* variables.
        var otlp = !string.IsNullOrEmpty(options.OtlpEndpoint) || !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Prometheus.Enabled && !otlp) return;

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("indicators"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(Telemetry.Name).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
            // Every scrape reads the current values: the exporter's default 300 ms answer cache would show a scraper
            // (or a test) values older than requests it has had answered.
            if (options.Prometheus.Enabled) metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp) metrics.AddOtlpExporter(o => SetEndpoint(o, options));
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(Telemetry.Name).AddAspNetCoreInstrumentation().AddOtlpExporter(o => SetEndpoint(o, options)));
        }
        if (options.Prometheus.Port is { } port) ListenAlsoOn(builder, port);
    }

    public static void MapTelemetry(this WebApplication app)
    {
        var prometheus = Options(app.Configuration).Prometheus;
        if (!prometheus.Enabled) return;
        if (prometheus.Port is { } port)
        {
            // The local port, not the Host header, which any client can set.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Connection.LocalPort == port && c.Request.Path == prometheus.Path);
        }
        else
        {
            app.MapPrometheusScrapingEndpoint(prometheus.Path).RequireAuthorization(AccessPolicies.Admin).ExcludeFromDescription();
        }
    }

    /// <summary>A short description for the start-up summary.</summary>
    public static string Describe(IConfiguration configuration)
    {
        var options = Options(configuration);
        var parts = new List<string>();
        if (options.Prometheus.Enabled)
        {
            parts.Add(options.Prometheus.Port is { } port ? $"Prometheus at :{port}{options.Prometheus.Path}" : $"Prometheus at {options.Prometheus.Path} (admin key)");
        }
        if (!string.IsNullOrEmpty(options.OtlpEndpoint) || !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) parts.Add("OTLP export");
        return parts.Count == 0 ? "off" : string.Join(", ", parts);
    }

    private static TelemetryOptions Options(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

    private static void SetEndpoint(OpenTelemetry.Exporter.OtlpExporterOptions exporter, TelemetryOptions options)
    {
        if (!string.IsNullOrEmpty(options.OtlpEndpoint)) exporter.Endpoint = new Uri(options.OtlpEndpoint);
    }

    /// <summary>Adds the management port to the addresses the service listens on (configured or default).</summary>
    private static void ListenAlsoOn(WebApplicationBuilder builder, int port)
    {
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var addresses = !string.IsNullOrEmpty(urls)
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : (builder.WebHost.GetSetting("http_ports") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}").ToArray();
        builder.WebHost.UseUrls([.. addresses, $"http://*:{port}"]);
    }
}

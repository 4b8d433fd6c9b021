using System.Collections.Concurrent;
using System.Diagnostics;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Indicators.Api.Reporting;

namespace Indicators.Bench;

/// <summary>
/// The service as Program.cs composes it (<see cref="ServiceSetup"/>) on a database of <see cref="BenchDatabase"/>, on Kestrel at 127.0.0.1 on a free port,
/// environment Production, logging at Warning — plus three things that exist only in the bench host: a fixed
/// "today" (after the synthetic data), a middleware that records each request's server time under its
/// <c>X-Bench-Id</c>, and <c>GET /bench/constant</c>, a constant JSON body: the read-throughput limit.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string AdminKey = "ind_be9c0001_bench-admin-key-0123456789";
    public const string BenchIdHeader = "X-Bench-Id";
    public const string ConstantPath = "/bench/constant";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, double> _serverMs = new(StringComparer.Ordinal);
    private volatile byte[] _constant = "{}"u8.ToArray();

    private readonly BenchDatabase _database;

    private BenchHost(WebApplication app, BenchDatabase database, string databaseName)
    {
        _app = app;
        _database = database;
        DatabaseName = databaseName;
    }

    /// <summary>The live database, by its name in <see cref="BenchDatabase"/>.</summary>
    public string DatabaseName { get; }

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchHost> StartAsync(BenchDatabase database, string databaseName, DateOnly today)
    {
        database.CreateEmpty(databaseName);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString(databaseName),
            ["INDICATORS_ADMIN_KEY"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        });
        builder.AddIndicators([]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(new FixedClock(today));

        var app = builder.Build();
        var host = new BenchHost(app, database, databaseName);
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);
            if (context.Request.Headers.TryGetValue(BenchIdHeader, out var id) && id.Count == 1)
            {
                host._serverMs[id[0]!] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        app.UseIndicators();
        app.MapGet(ConstantPath, () => Results.Bytes(host._constant, "application/json")).AllowAnonymous().ExcludeFromDescription();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return host;
    }

    /// <summary>The body of <see cref="ConstantPath"/>: set it to a real response of the same size.</summary>
    public void SetConstant(byte[] body) => _constant = body;

    /// <summary>The server time of the request sent with <paramref name="id"/>; waits briefly for the middleware to record it.</summary>
    public async Task<double> ServerMsAsync(string id)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (_serverMs.TryRemove(id, out var ms)) return ms;
            await Task.Delay(1);
        }
        throw new InvalidOperationException($"No server time was recorded for request {id}.");
    }

    /// <summary>Replaces the live database's content with <paramref name="template"/>'s and drops the caches built from it.</summary>
    public void RestoreFrom(string template)
    {
        _database.Copy(template, DatabaseName);
        Invalidate();
    }

    /// <summary>Drops the service's caches of units and values, after the database changed under it.</summary>
    public void Invalidate()
    {
        _app.Services.GetRequiredService<UnitDirectory>().Invalidate();
        _app.Services.GetRequiredService<CatalogDirectory>().Invalidate();
        _app.Services.GetRequiredService<KeyDirectory>().Invalidate();
        _app.Services.GetRequiredService<ValueIndexCache>().Invalidate();
    }

    /// <summary>Builds the attainment index as the service does when it starts (readiness waits for this).</summary>
    public async Task WarmAsync() => await _app.Services.GetRequiredService<ValueIndexCache>().GetAsync(CancellationToken.None);

    /// <summary>Drops only the attainment index, keeping the units and the catalog: what the index alone costs.</summary>
    public void DropIndex() => _app.Services.GetRequiredService<ValueIndexCache>().Invalidate();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>"Today" for the service: the synthetic data lies after the real date, so the bench sets a date after it.</summary>
    private sealed class FixedClock(DateOnly today) : TimeProvider
    {
        private readonly DateTimeOffset _now = new(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}

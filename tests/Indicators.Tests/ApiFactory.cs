using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests;

/// <summary>The service hosted in memory on a test database of its own.</summary>
public sealed class ApiFactory(TestDb database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    /// <summary>The service on the SQLite file at <paramref name="databasePath"/>.</summary>
    public ApiFactory(string databasePath, IDictionary<string, string?>? settings = null) : this(TestDb.Sqlite(databasePath), settings)
    {
    }

    public TestDb Database { get; } = database;

    /// <summary>The SQLite file of a fixture that runs on SQLite only.</summary>
    public string DatabasePath => Database.Path ?? throw new InvalidOperationException("This run's database is not a SQLite file.");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("INDICATORS_ADMIN_KEY", TestDatabase.AdminKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Deadline scans would write notifications under tests that compare tables; the notification tests turn them on.
        builder.UseSetting("Notifications:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Indicators.Tests;

/// <summary>The service hosted in memory on a SQLite file of its own.</summary>
public sealed class ApiFactory(string databasePath, IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = databasePath;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("INDICATORS_ADMIN_KEY", TestDatabase.AdminKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }
}

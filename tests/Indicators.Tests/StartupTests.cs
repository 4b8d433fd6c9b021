using Indicators.Tests.Reliability;

namespace Indicators.Tests;

/// <summary>
/// Settings the service cannot start with, on the real process: one line on stderr naming the setting, exit code 1,
/// no stack trace (and no core dump, which an unhandled exception produced).
/// </summary>
public sealed class StartupTests
{
    [Test]
    public Task A_wrong_shaped_admin_key_stops_the_start() =>
        AssertRefusedAsync(NewDatabasePath(), new() { ["INDICATORS_ADMIN_KEY"] = "ind_0a1b2c3d_short" },
            "INDICATORS_ADMIN_KEY must look like ind_<8 hex characters>_<at least 16 characters>, e.g. ind_0a1b2c3d_change-me-to-a-long-secret.");

    [Test]
    public Task An_unknown_database_provider_stops_the_start() =>
        AssertRefusedAsync(NewDatabasePath(), new() { ["Database__Provider"] = "oracle" },
            "Database:Provider must be sqlite, postgres or sqlserver, not 'oracle'.");

    [Test]
    public Task Sql_server_without_a_connection_string_stops_the_start() =>
        AssertRefusedAsync(databasePath: null, new() { ["Database__Provider"] = "sqlserver" },
            "Database:ConnectionString is required when Database:Provider is sqlserver.");

    [Test]
    public Task Approval_levels_out_of_order_stop_the_start() =>
        AssertRefusedAsync(NewDatabasePath(), new() { ["Approval__Levels"] = "province,commune" },
            "Approval:Levels must list commune, province and/or ministry, lowest first (e.g. commune,province,ministry).");

    private static string NewDatabasePath() => Path.Combine(TestDatabase.Folder, "startup-" + Guid.NewGuid().ToString("N")[..8] + ".db");

    private static async Task AssertRefusedAsync(string? databasePath, Dictionary<string, string> environment, string expectedLine)
    {
        var (exitCode, output, error) = await ServiceProcess.RunUntilExitAsync(databasePath is null ? null : TestDb.Sqlite(databasePath), environment);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Is.EqualTo(new[] { expectedLine }), $"stderr:\n{error}\nstdout:\n{output}");
        Assert.That(exitCode, Is.EqualTo(1));
    }
}

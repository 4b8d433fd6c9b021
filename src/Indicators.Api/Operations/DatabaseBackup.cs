using System.Data.Common;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Operations;

/// <summary>
/// Consistent copies of the running SQLite database. <c>VACUUM INTO</c> reads one snapshot — a read transaction, so
/// writers carry on under WAL and the copy holds exactly the transactions committed before it began — and writes a
/// compact database file; the copy must pass <c>PRAGMA integrity_check</c> before it replaces the target. Other
/// engines are backed up with their own tools (README).
/// </summary>
public static class DatabaseBackup
{
    public const string Verb = "--backup";

    /// <summary>
    /// <c>--backup FILE</c>: backs up the database the service is configured with (same settings, environment and
    /// command line) while the service may be running, prints one line and exits 0, or 1 on failure.
    /// </summary>
    public static async Task<int> RunAsync(string target, string[] args)
    {
        var configuration = WebApplication.CreateBuilder(ServiceSetup.Options(args)).Configuration;
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        try
        {
            using var database = new Database(Microsoft.Extensions.Options.Options.Create(options));
            var result = await BackupStore.WriteAsync(database, target, CancellationToken.None);
            Console.WriteLine($"Backed up {database.Location} to {result.File}: {result.Bytes} bytes, integrity ok, {result.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException or InvalidOperationException or StartupException)
        {
            Console.Error.WriteLine($"Backup failed: {e.Message}");
            return 1;
        }
    }
}

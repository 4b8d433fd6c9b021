using System.Data.Common;
using System.Diagnostics;
using System.Security.Claims;
using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Operations;

/// <summary>A backup written: the file, its size and how long it took.</summary>
public sealed record BackupResult(string File, long Bytes, TimeSpan Elapsed);

/// <summary>
/// Consistent copies of the running SQLite database. <c>VACUUM INTO</c> reads one snapshot — a read transaction, so
/// writers carry on under WAL and the copy holds exactly the transactions committed before it began — and writes a
/// compact database file; the copy must pass <c>PRAGMA integrity_check</c> before it replaces the target. Other
/// engines are backed up with their own tools (README).
/// </summary>
public static class DatabaseBackup
{
    public const string Verb = "--backup";

    public const string Route = "/api/v1/admin/backup";

    public static async Task<BackupResult> WriteAsync(Database database, string target, CancellationToken ct)
    {
        if (database.Dialect is not SqliteDialect) throw new NotSupportedException("The service backs up SQLite only; use the database engine's own backup tools.");
        var watch = Stopwatch.StartNew();
        var file = Path.GetFullPath(target);
        // Beside the target, so the final move is a rename and a reader of the target never sees half a file.
        var partial = file + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Delete(partial);
        try
        {
            await using (var connection = await database.OpenAsync(ct))
            {
                await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @partial", new { partial }, cancellationToken: ct));
            }
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                await copy.OpenAsync(ct);
                var integrity = await copy.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: ct));
                if (integrity != "ok") throw new InvalidDataException($"The copy fails the integrity check: {integrity}");
            }
            File.Move(partial, file, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return new BackupResult(file, new FileInfo(file).Length, watch.Elapsed);
    }

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
            var result = await WriteAsync(database, target, CancellationToken.None);
            Console.WriteLine($"Backed up {StartupSummary.Location(options)} to {result.File}: {result.Bytes} bytes, integrity ok, {result.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or NotSupportedException or InvalidDataException or InvalidOperationException or StartupException)
        {
            Console.Error.WriteLine($"Backup failed: {e.Message}");
            return 1;
        }
    }
}

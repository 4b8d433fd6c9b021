using Indicators.Api.Storage.Providers;
using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Storage;

/// <summary>A backup written: the file, its size and how long it took.</summary>
public sealed record BackupResult(string File, long Bytes, TimeSpan Elapsed);

/// <summary>A consistent copy of the running SQLite database (<c>VACUUM INTO</c>), checked before it takes the target's name.</summary>
public static class BackupStore
{
    /// <summary>False on a server engine, which is backed up with its own tools.</summary>
    public static bool Supports(Database database) => database.Provider.IsFile;

    public static async Task<BackupResult> WriteAsync(Database database, string target, CancellationToken ct)
    {
        if (!Supports(database)) throw new NotSupportedException("The service backs up SQLite only; use the database engine's own backup tools.");
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
}

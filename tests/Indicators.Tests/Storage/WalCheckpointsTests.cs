using System.Data.Common;
using Dapper;
using Indicators.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Tests.Storage;

/// <summary>SQLite's write-ahead log is copied into the database file after writes, in the background, one copy at a time.</summary>
public sealed class WalCheckpointsTests
{
    [Test]
    public async Task Requests_while_a_checkpoint_runs_make_one_more_and_then_it_rests()
    {
        var opened = 0;
        var release = new TaskCompletionSource();
        var firstOpened = new TaskCompletionSource();
        async Task<DbConnection> Open(CancellationToken ct)
        {
            if (Interlocked.Increment(ref opened) == 1)
            {
                firstOpened.SetResult();
                await release.Task;
            }
            var connection = new SqliteConnection("Data Source=:memory:");
            await connection.OpenAsync(ct);
            return connection;
        }
        var checkpoints = new WalCheckpoints(Open);

        checkpoints.Request();
        await firstOpened.Task.WaitAsync(TimeSpan.FromSeconds(10));
        checkpoints.Request();
        checkpoints.Request();
        checkpoints.Request();
        Assert.That(opened, Is.EqualTo(1), "one checkpoint at a time");
        release.SetResult();
        checkpoints.Wait(TimeSpan.FromSeconds(10));
        Assert.That(opened, Is.EqualTo(2), "the requests made meanwhile are one more checkpoint");

        checkpoints.Request();
        checkpoints.Wait(TimeSpan.FromSeconds(10));
        Assert.That(opened, Is.EqualTo(3), "a request after it rested starts another");
    }

    [Test]
    public async Task A_large_write_reaches_the_database_file_without_another_write()
    {
        TestDatabase.RequireSqlite("SQLite's write-ahead log");
        var path = Path.Combine(TestDatabase.Folder, "checkpoint-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        using var database = new Database(Options.Create(new DatabaseOptions { ConnectionString = $"Data Source={path}" }));
        await database.PrepareAsync();
        try
        {
            // About 8 MB: well past the 1,000 pages at which SQLite would copy the log during the commit itself.
            await database.InTransactionAsync("test", async w =>
            {
                await w.Connection.ExecuteAsync("CREATE TABLE filler (text TEXT NOT NULL)", transaction: w.Transaction);
                await w.Connection.ExecuteAsync("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
                    INSERT INTO filler (text) SELECT printf('%.1000c', 'x') FROM n
                    """, transaction: w.Transaction);
                return 0;
            });
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (new FileInfo(path).Length < 8_000_000 && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.That(new FileInfo(path).Length, Is.GreaterThanOrEqualTo(8_000_000), "the log was copied into the file");
            await using var connection = await database.OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM filler"), Is.EqualTo(8000));
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"), Is.EqualTo(2), "FULL: a commit syncs its log, so an answered write survives a power loss");
        }
        finally
        {
            database.ResetConnections();
        }
    }
}

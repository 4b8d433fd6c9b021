using Dapper;
using Indicators.Api.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Tests.Reliability;

/// <summary>Database.InTransactionAsync, the single write entry point, retries busy and locked databases a bounded number of times.</summary>
public sealed class WriteRetryTests
{
    private const int Attempts = 3;

    private string _path = null!;
    private Database _database = null!;

    [OneTimeSetUp]
    public void OnlyOnSqlite() => TestDatabase.RequireSqlite("SQLite busy and locked errors");

    [SetUp]
    public void CreateDatabase()
    {
        _path = Path.Combine(TestDatabase.Folder, "retry-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        TestDb.Sqlite(_path).Restore();
        _database = new Database(Options.Create(new DatabaseOptions { ConnectionString = $"Data Source={_path}", WriteAttempts = Attempts }));
    }

    [TearDown]
    public void ClosePool()
    {
        _database.ResetConnections();
        _database.Dispose();

    }

    private static SqliteException Busy() => new("database is locked", 5);

    [Test]
    public async Task A_busy_write_is_retried_and_only_the_successful_attempt_is_kept()
    {
        var calls = 0;
        var result = await _database.InTransactionAsync("test", async w =>
        {
            calls++;
            await w.Connection.ExecuteAsync("INSERT INTO holidays (date, name_vi) VALUES ('2099-01-0' || @calls, 'retry test')", new { calls }, w.Transaction);
            if (calls < Attempts) throw Busy();
            return 42;
        });
        Assert.That(result, Is.EqualTo(42));
        Assert.That(calls, Is.EqualTo(Attempts));
        await using var connection = await _database.OpenAsync();
        Assert.That(await connection.QueryAsync<string>("SELECT date FROM holidays WHERE name_vi = 'retry test'"), Is.EqualTo(new[] { $"2099-01-0{Attempts}" }),
            "the failed attempts were rolled back");
    }

    [Test]
    public void A_write_that_stays_busy_fails_after_the_bound()
    {
        var calls = 0;
        var error = Assert.ThrowsAsync<SqliteException>(() => _database.InTransactionAsync<int>("test", _ =>
        {
            calls++;
            throw Busy();
        }));
        Assert.That(error!.SqliteErrorCode, Is.EqualTo(5));
        Assert.That(calls, Is.EqualTo(Attempts));
    }

    [TestCase(19, TestName = "A constraint violation is not retried")]
    [TestCase(14, TestName = "A database that cannot be opened is not retried")]
    public void Other_errors_are_not_retried(int code)
    {
        var calls = 0;
        Assert.ThrowsAsync<SqliteException>(() => _database.InTransactionAsync<int>("test", _ =>
        {
            calls++;
            throw new SqliteException("not transient", code);
        }));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Writes_of_this_service_queue_one_at_a_time_instead_of_failing()
    {
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => _database.InTransactionAsync("test", async w =>
        {
            most = Math.Max(most, Interlocked.Increment(ref inside));
            await w.Connection.ExecuteAsync("INSERT INTO holidays (date, name_vi) VALUES (@date, 'queue test')", new { date = $"2099-02-0{i + 1}" }, w.Transaction);
            await Task.Delay(50);
            Interlocked.Decrement(ref inside);
            return i;
        }))));
        Assert.That(most, Is.EqualTo(1));
        await using var connection = await _database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM holidays WHERE name_vi = 'queue test'"), Is.EqualTo(8));
    }

    [Test]
    public async Task A_write_queued_longer_than_the_busy_timeout_is_busy()
    {
        using var impatient = new Database(Options.Create(new DatabaseOptions { ConnectionString = $"Data Source={_path};Default Timeout=1", WriteAttempts = 1 }));
        var release = new TaskCompletionSource();
        var slow = impatient.InTransactionAsync("test", async _ => { await release.Task; return 0; });
        var error = Assert.ThrowsAsync<SqliteException>(() => impatient.InTransactionAsync("test", _ => Task.FromResult(0)));
        Assert.That(error!.SqliteErrorCode, Is.EqualTo(5), "busy: retried, then a 503");
        release.SetResult();
        await slow;
        impatient.ResetConnections();
    }

    [Test]
    public void The_pause_grows_and_stays_bounded()
    {
        Assert.That(Database.RetryDelay(1).TotalMilliseconds, Is.InRange(50, 75));
        Assert.That(Database.RetryDelay(2).TotalMilliseconds, Is.InRange(100, 150));
        Assert.That(Database.RetryDelay(50).TotalMilliseconds, Is.InRange(3200, 4800));
    }
}

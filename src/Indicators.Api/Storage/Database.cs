using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Indicators.Api.Operations;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Storage;

/// <summary>Opens connections to the configured database and knows its dialect.</summary>
public sealed class Database : IDisposable
{
    private readonly string _connectionString;
    private readonly string? _createConnectionString;
    private readonly string? _sqliteFile;
    private readonly int _writeAttempts;

    /// <summary>
    /// SQLite takes one writer at a time. This process's writers queue here, in order and without polling, rather than
    /// in Microsoft.Data.Sqlite's busy loop, which sleeps 150 ms between tries; the busy timeout still arbitrates with
    /// other processes. A write waits at most the busy timeout here too.
    /// </summary>
    private readonly SemaphoreSlim? _writeGate;
    private readonly TimeSpan _busyTimeout;

    public Database(IOptions<DatabaseOptions> options)
    {
        var o = options.Value;
        Dialect = o.Provider.ToLowerInvariant() switch
        {
            "sqlite" => new SqliteDialect(),
            "sqlserver" => new SqlServerDialect(),
            _ => throw new StartupException($"Database:Provider must be sqlite or sqlserver, not '{o.Provider}'."),
        };
        _writeAttempts = Math.Max(1, o.WriteAttempts);
        if (Dialect is SqlServerDialect)
        {
            _connectionString = string.IsNullOrWhiteSpace(o.ConnectionString)
                ? throw new StartupException("Database:ConnectionString is required when Database:Provider is sqlserver.")
                : o.ConnectionString;
        }
        else
        {
            var builder = SqliteConnectionString(o.ConnectionString);
            _createConnectionString = builder.ToString();
            // Only PrepareAsync creates the file. Afterwards a file that has gone missing is an error, not a new
            // empty database that would answer "no such table" and collect writes nobody finds again.
            if (builder.Mode == SqliteOpenMode.ReadWriteCreate && builder.DataSource is { Length: > 0 } file && file != ":memory:")
            {
                builder.Mode = SqliteOpenMode.ReadWrite;
                _sqliteFile = Path.GetFullPath(file);
            }
            _connectionString = builder.ToString();
            _writeGate = new SemaphoreSlim(1, 1);
            _busyTimeout = builder.DefaultTimeout == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(builder.DefaultTimeout);
        }
        TypeHandlers.Register(Dialect is SqlServerDialect);
    }

    /// <summary>Where the SQLite database is when none is configured: under the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/indicators.db";

    public ISqlDialect Dialect { get; }

    /// <summary>What connections are opened with; a SQLite file must exist by now (see <see cref="PrepareAsync"/>).</summary>
    internal string ConnectionString => _connectionString;

    public Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        // A pooled SQLite connection keeps a moved or deleted file open and would go on reading and writing that
        // ghost; when the file is no longer there, the pool is dropped so the next open fails (and later recovers).
        if (_sqliteFile is not null && !File.Exists(_sqliteFile)) ResetConnections();
        return OpenAsync(_connectionString, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it; nothing is written when it throws. This is
    /// the single entry point of writes: when the database stays busy or locked beyond its busy timeout, the
    /// whole unit of work is retried a bounded number of times with a growing, jittered pause, and only then does
    /// the error surface (a 503 with Retry-After). <paramref name="work"/> may therefore run more than once and
    /// must touch nothing but the connection it is given (and never start another write: it would wait for itself).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        using var activity = Telemetry.Source.StartActivity("database write");
        for (var attempt = 1; ; attempt++)
        {
            var gated = false;
            try
            {
                if (_writeGate is not null)
                {
                    var waitStarted = Stopwatch.GetTimestamp();
                    gated = await _writeGate.WaitAsync(_busyTimeout, ct);
                    Telemetry.WriteGateWaited(Stopwatch.GetElapsedTime(waitStarted), gated);
                    if (!gated) throw new SqliteException("The database is busy with this service's other writes.", 5);
                }
                await using var connection = await OpenAsync(ct);
                // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front, so a writer of
                // another process waits on the busy timeout instead of deadlocking on a lock upgrade.
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(ct);
                return result;
            }
            catch (DbException e) when (attempt < _writeAttempts && Dialect.IsTransient(e))
            {
                // Rolled back; tried again after the pause below, with the gate open to the others meanwhile.
                Telemetry.WriteRetried(activity, e);
            }
            finally
            {
                if (gated) _writeGate!.Release();
            }
            await Task.Delay(RetryDelay(attempt), ct);
        }
    }

    /// <summary>50, 100, 200 ms … plus up to half again at random, so retrying writers do not collide in step.</summary>
    internal static TimeSpan RetryDelay(int attempt)
    {
        var ms = 50 * (1 << Math.Min(attempt - 1, 6));
        return TimeSpan.FromMilliseconds(ms + Random.Shared.Next(ms / 2 + 1));
    }

    /// <summary>
    /// Readiness: a fresh connection, outside the pool, opens the database at its configured place and reads it.
    /// When that fails the pool is dropped too, so requests stop using handles to a file that was replaced.
    /// </summary>
    public async Task<bool> ProbeAsync(CancellationToken ct = default)
    {
        try
        {
            var fresh = Dialect is SqliteDialect
                ? new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString()
                : _connectionString;
            await using var connection = await OpenAsync(fresh, ct);
            await AuditStore.CurrentVersionAsync(connection, ct);
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            ResetConnections();
            return false;
        }
    }

    /// <summary>
    /// Closes the pooled connections, so the next request opens the database afresh. Called when the database
    /// failed in a way other than being busy: a stale handle must not outlive the trouble.
    /// </summary>
    public void ResetConnections()
    {
        if (Dialect is SqliteDialect)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new SqlConnection(_connectionString);
            SqlConnection.ClearPool(connection);
        }
    }

    /// <summary>Turns WAL on for a SQLite file (a persistent setting of the file) and creates the file and its folder.</summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        if (_createConnectionString is null) return;
        var file = new SqliteConnectionStringBuilder(_createConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await using var connection = await OpenAsync(_createConnectionString, ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: ct, commandType: System.Data.CommandType.Text));
    }

    private async Task<DbConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        DbConnection connection = Dialect is SqlServerDialect
            ? new SqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteConnectionStringBuilder SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? DefaultSqliteConnectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        // Microsoft.Data.Sqlite waits on a locked database for up to the command timeout.
        if (builder.DefaultTimeout == 30) builder.DefaultTimeout = 10;
        return builder;
    }

    public void Dispose() => _writeGate?.Dispose();
}

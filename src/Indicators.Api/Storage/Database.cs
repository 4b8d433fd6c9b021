using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Indicators.Api.Storage.Providers;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Storage;

/// <summary>Opens connections to the configured database and knows its provider.</summary>
public sealed class Database : IDisposable
{
    private readonly string _connectionString;
    private readonly string? _createConnectionString;
    private readonly string? _sqliteFile;
    private readonly int _writeAttempts;
    private readonly TimeProvider _clock;

    /// <summary>
    /// SQLite takes one writer at a time. This process's writers queue here, in order and without polling, rather than
    /// in Microsoft.Data.Sqlite's busy loop, which sleeps 150 ms between tries; the busy timeout still arbitrates with
    /// other processes. A write waits at most the busy timeout here too.
    /// </summary>
    private readonly SemaphoreSlim? _writeGate;
    private readonly TimeSpan _busyTimeout;

    /// <summary>SQLite: the write-ahead log is copied into the file after a write, not during its commit.</summary>
    private readonly WalCheckpoints? _checkpoints;

    /// <param name="clock">The clock that stamps writes (<see cref="WriteSession.Now"/>); the system clock when none is given.</param>
    public Database(IOptions<DatabaseOptions> options, TimeProvider? clock = null) : this(options, ProviderNamed(options.Value.Provider), clock)
    {
    }

    /// <summary>The database of <paramref name="options"/> through <paramref name="provider"/> (a test's instrumented one).</summary>
    internal Database(IOptions<DatabaseOptions> options, IDbProvider provider, TimeProvider? clock = null)
    {
        var o = options.Value;
        Provider = provider;
        _clock = clock ?? TimeProvider.System;
        _writeAttempts = Math.Max(1, o.WriteAttempts);
        _connectionString = Provider.Normalise(o.ConnectionString);
        if (Provider.IsFile && SqliteProvider.CreatableFile(_connectionString) is { } file)
        {
            // Only PrepareAsync creates the file. Afterwards a file that has gone missing is an error, not a new
            // empty database that would answer "no such table" and collect writes nobody finds again.
            _createConnectionString = _connectionString;
            _connectionString = SqliteProvider.OpenExisting(_connectionString);
            _sqliteFile = Path.GetFullPath(file);
        }
        if (Provider.IsFile)
        {
            // SQLite takes one writer at a time (see _writeGate).
            _writeGate = new SemaphoreSlim(1, 1);
            _busyTimeout = SqliteProvider.BusyTimeout(_connectionString);
            _checkpoints = new WalCheckpoints(OpenAsync);
        }
        TypeHandlers.Use(Provider);
    }

    internal static IDbProvider ProviderNamed(string name) => name.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteProvider(),
        "sqlserver" => new SqlServerProvider(),
        "postgres" or "postgresql" => new PostgresProvider(),
        _ => throw new StartupException($"Database:Provider must be sqlite, postgres or sqlserver, not '{name}'."),
    };

    /// <summary>Where the SQLite database is when none is configured: under the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/indicators.db";

    public IDbProvider Provider { get; }

    /// <summary>Connection-string keys that say where a database is; user names, passwords and tokens are never shown.</summary>
    private static readonly string[] LocationKeys = ["Data Source", "Server", "Host", "Port", "Database", "Initial Catalog"];

    /// <summary>A SQLite file's full path, or the server and database of a connection string, without credentials.</summary>
    public string Location
    {
        get
        {
            if (_sqliteFile is not null) return _sqliteFile;
            var builder = new DbConnectionStringBuilder { ConnectionString = _connectionString };
            var parts = LocationKeys.Where(builder.ContainsKey).Select(k => $"{k}={builder[k]}").ToList();
            return parts.Count == 0 ? "(not configured)" : string.Join(";", parts);
        }
    }

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
    /// Runs <paramref name="work"/> in one transaction for <paramref name="actor"/> and commits it; nothing is written when
    /// it throws. This is the single entry point of writes (the only maker of a <see cref="WriteSession"/>, which every
    /// write takes): when the database stays busy or locked beyond its busy timeout, the
    /// whole unit of work is retried a bounded number of times with a growing, jittered pause, and only then does
    /// the error surface (a 503 with Retry-After). <paramref name="work"/> may therefore run more than once and
    /// must touch nothing but the connection it is given (and never start another write: it would wait for itself).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(string actor, Func<WriteSession, Task<T>> work, CancellationToken ct = default)
    {
        using var activity = StorageTelemetry.Source.StartActivity("database write");
        for (var attempt = 1; ; attempt++)
        {
            var (gated, committed) = (false, false);
            try
            {
                if (_writeGate is not null)
                {
                    var waitStarted = Stopwatch.GetTimestamp();
                    gated = await _writeGate.WaitAsync(_busyTimeout, ct);
                    StorageTelemetry.WriteGateWaited(Stopwatch.GetElapsedTime(waitStarted), gated);
                    if (!gated) throw SqliteProvider.Busy("The database is busy with this service's other writes.");
                }
                await using var connection = await OpenAsync(ct);
                if (_checkpoints is not null)
                    await connection.ExecuteAsync(new CommandDefinition(SqliteProvider.NoAutomaticCheckpoints, cancellationToken: ct));
                // Writers queue up front (SQLite's IMMEDIATE transactions, a server's advisory lock), so a writer of another
                // process waits instead of deadlocking on a lock upgrade, and audit ids commit in order.
                await using var transaction = await connection.BeginTransactionAsync(ct);
                if (Provider.SerialiseWriters is { } serialise)
                    await connection.ExecuteAsync(new CommandDefinition(serialise, transaction: transaction, cancellationToken: ct));
                var result = await work(new WriteSession(connection, transaction, Provider, _clock.GetUtcNow(), actor));
                await transaction.CommitAsync(ct);
                committed = true;
                return result;
            }
            catch (DbException e) when (attempt < _writeAttempts && Provider.IsTransient(e))
            {
                // Rolled back; tried again after the pause below, with the gate open to the others meanwhile.
                StorageTelemetry.WriteRetried(activity, e);
            }
            finally
            {
                if (gated) _writeGate!.Release();
                if (committed) _checkpoints?.Request();
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
            await using var connection = await OpenAsync(Provider.Unpooled(_connectionString), ct);
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
    public void ResetConnections() => Provider.ClearPool(_connectionString);

    /// <summary>Turns WAL on for a SQLite file (a persistent setting of the file) and creates the file and its folder.</summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        if (_createConnectionString is null) return;
        var folder = Path.GetDirectoryName(_sqliteFile);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await using var connection = await OpenAsync(_createConnectionString, ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: ct, commandType: System.Data.CommandType.Text));
    }

    private async Task<DbConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = Provider.CreateConnection(connectionString);
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

    public void Dispose()
    {
        _checkpoints?.Wait(_busyTimeout);
        _writeGate?.Dispose();
    }
}

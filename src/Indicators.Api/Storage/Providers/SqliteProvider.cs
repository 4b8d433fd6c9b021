using System.Data;
using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Api.Storage.Providers;

/// <summary>The embedded default: one file, one writer at a time.</summary>
public sealed class SqliteProvider : IDbProvider
{
    // A connection is used by one thread at a time (an ADO.NET connection is never shared), so SQLite's multi-thread
    // mode is safe, and it leaves out the connection's mutex that every call otherwise takes: a full load of the values
    // makes a dozen calls a row, and ran about an eighth faster without it. The mode only takes when it is set before
    // the process's first SQLite connection; otherwise the serialized mode stays, as correct and only slower.
    static SqliteProvider()
    {
        Batteries_V2.Init();
        raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
    }

    public string Name => "sqlite";

    public bool IsFile => true;

    public string Normalise(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? Database.DefaultSqliteConnectionString)
        {
            ForeignKeys = true,
            Pooling = true,
        };
        // Microsoft.Data.Sqlite waits on a locked database for up to the command timeout.
        if (builder.DefaultTimeout == 30) builder.DefaultTimeout = 10;
        return builder.ToString();
    }

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public void ClearPool(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public string Unpooled(string connectionString) => new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    /// <summary>The file a connection string may create, or null (in memory, or opened read-only or read-write only).</summary>
    public static string? CreatableFile(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) is { Mode: SqliteOpenMode.ReadWriteCreate, DataSource: { Length: > 0 } file } && file != ":memory:" ? file : null;

    /// <summary>The same connection string, opening the file only when it exists.</summary>
    public static string OpenExisting(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();

    /// <summary>How long a writer waits for the database to be free.</summary>
    public static TimeSpan BusyTimeout(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString).DefaultTimeout is var seconds and > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;

    /// <summary>The error a writer gets when this process's writers keep the database longer than the busy timeout.</summary>
    public static DbException Busy(string message) => new SqliteException(message, 5);

    public string CreateJournalTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)";

    public UpgradeEngineBuilder Migrations(string connectionString) => DeployChanges.To.SqliteDatabase(connectionString);

    public string LimitClause => "LIMIT @take";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    // SQLite compares text byte for byte.
    public StringComparer Text => StringComparer.Ordinal;

    public string In(string column, string parameter) => $"{column} IN {parameter}";

    // SQLite's unary + on a column hides it from the planner.
    public string Unindexed(string column) => "+" + column;

    /// <summary>Run on a write's connection: its commits leave the log to <see cref="PassiveCheckpoint"/>, run after them in the background.</summary>
    public const string NoAutomaticCheckpoints = "PRAGMA wal_autocheckpoint=0";

    public const string PassiveCheckpoint = "PRAGMA wal_checkpoint(PASSIVE)";

    // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front, one writer at a time.
    public string? SerialiseWriters => null;

    // AUTOINCREMENT takes the next id after the largest ever inserted, explicit ones included; the trail is append-only.
    public string ReserveAuditIds => "SELECT COALESCE(MAX(id), 0) FROM audit_log";

    public (string Before, string After)? ExplicitIds(string table) => null;

    // A deferred transaction reads one snapshot of the WAL and takes no write lock.
    public Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction?>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    // In process, SQLite's own calls: the statement runs in the transaction the connection has open.
    public Task ReadRowsAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters, Action<RowReader> row, CancellationToken ct)
    {
        SqliteRowReader.Read((SqliteConnection)connection, sql, parameters, row, ct);
        return Task.CompletedTask;
    }

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6).
    public bool IsTransient(DbException exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    // A small write is one command; a load of many rows runs through one prepared single-row statement, which in
    // process is faster than parsing long multi-row statements.
    public int BatchParameters => 999;

    public Task<bool> BulkInsertAsync(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        SqliteStatements.InsertRows((SqliteConnection)connection,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})", rows, ct);
        return Task.FromResult(true);
    }

    // Microsoft.Data.Sqlite binds a decimal as TEXT, which would compare with the REAL columns as a string.
    public void BindDecimal(IDbDataParameter parameter, decimal value)
    {
        parameter.DbType = DbType.Double;
        parameter.Value = (double)value;
    }

    // A REAL column: a double, read back with the 15 significant digits of a double's conversion to decimal.
    public decimal Stored(decimal value) => (decimal)(double)value;
}

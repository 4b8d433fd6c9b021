using System.Data.Common;
using DbUp;
using DbUp.Builder;

namespace Indicators.Api.Storage;

/// <summary>The few statements that really differ between SQLite and SQL Server; everything else is shared SQL.</summary>
public interface ISqlDialect
{
    /// <summary>The folder under <c>db/</c> holding this dialect's migration scripts.</summary>
    string Name { get; }

    /// <summary>Creates the migration journal when it does not exist yet.</summary>
    string CreateJournalTable { get; }

    /// <summary>DbUp's migrations for this provider, on <paramref name="connectionString"/>.</summary>
    UpgradeEngineBuilder Migrations(string connectionString);

    /// <summary>Clause that limits a query ordered by its keyset to <c>@take</c> rows; it follows ORDER BY.</summary>
    string LimitClause { get; }

    /// <summary>An INSERT that returns the new identity <c>id</c> as a single scalar.</summary>
    string InsertReturningId(string table, string columns, string values);

    /// <summary>True when the database was busy or locked and the same work may succeed when retried.</summary>
    bool IsTransient(DbException exception);
}

public sealed class SqliteDialect : ISqlDialect
{
    public string Name => "sqlite";

    public string CreateJournalTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)";

    public UpgradeEngineBuilder Migrations(string connectionString) => DeployChanges.To.SqliteDatabase(connectionString);

    public string LimitClause => "LIMIT @take";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6).
    public bool IsTransient(DbException exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 };
}

public sealed class SqlServerDialect : ISqlDialect
{
    public string Name => "sqlserver";

    public string CreateJournalTable =>
        "IF OBJECT_ID(N'schema_migrations', N'U') IS NULL CREATE TABLE schema_migrations (name NVARCHAR(200) NOT NULL PRIMARY KEY, applied_at NVARCHAR(64) NOT NULL)";

    public UpgradeEngineBuilder Migrations(string connectionString) => DeployChanges.To.SqlDatabase(connectionString);

    public string LimitClause => "OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values})";

    // Deadlock victim (1205) and lock request time-out (1222).
    public bool IsTransient(DbException exception) =>
        exception is Microsoft.Data.SqlClient.SqlException { Number: 1205 or 1222 };
}

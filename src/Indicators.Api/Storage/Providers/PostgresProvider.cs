using System.Data;
using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Npgsql;

namespace Indicators.Api.Storage.Providers;

/// <summary>PostgreSQL 13 or later.</summary>
public sealed class PostgresProvider : IDbProvider
{
    public string Name => "postgres";

    public bool IsFile => false;

    public string Normalise(string? configured) => string.IsNullOrWhiteSpace(configured)
        ? throw new StartupException("Database:ConnectionString is required when Database:Provider is postgres.")
        : configured;

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    public string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    public string CreateJournalTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)";

    public UpgradeEngineBuilder Migrations(string connectionString) => DeployChanges.To.PostgresqlDatabase(connectionString);

    public string LimitClause => "LIMIT @take";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id";

    // Equality of text is exact in every PostgreSQL collation but the nondeterministic ones, which the schema does not use.
    public StringComparer Text => StringComparer.Ordinal;

    // Dapper passes a list to Npgsql as one array parameter rather than expanding it.
    public string In(string column, string parameter) => $"{column} = ANY({parameter})";

    public string Unindexed(string column) => column;

    // A transaction-level advisory lock, released at commit or rollback; the key is arbitrary but fixed.
    public string? SerialiseWriters => "SELECT pg_advisory_xact_lock(4242001)";

    public async Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var readOnly = connection.CreateCommand();
        readOnly.Transaction = transaction;
        readOnly.CommandText = "SET TRANSACTION READ ONLY";
        await readOnly.ExecuteNonQueryAsync(ct);
        return transaction;
    }

    // Serialization failure, deadlock and lock not available: the transaction was rolled back and may simply be run again.
    public bool IsTransient(DbException exception) => exception is PostgresException { SqlState: "40001" or "40P01" or "55P03" };

    // Hundreds of rows per round trip; Npgsql finds parameters by name in constant time.
    public int BatchParameters => 2_000;

    public bool PreparesLongInserts => false;

    // The value columns are double precision, as SQLite's are REAL: the same binding compares the same way.
    public void BindDecimal(IDbDataParameter parameter, decimal value)
    {
        parameter.DbType = DbType.Double;
        parameter.Value = (double)value;
    }

    // A double precision column, as on SQLite.
    public decimal Stored(decimal value) => (decimal)(double)value;
}

using System.Data;
using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.SqlClient;

namespace Indicators.Api.Storage.Providers;

/// <summary>SQL Server 2019 or later, or Azure SQL.</summary>
public sealed class SqlServerProvider : IDbProvider
{
    public string Name => "sqlserver";

    public bool IsFile => false;

    public string Normalise(string? configured) => string.IsNullOrWhiteSpace(configured)
        ? throw new StartupException("Database:ConnectionString is required when Database:Provider is sqlserver.")
        : configured;

    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public void ClearPool(string connectionString)
    {
        using var connection = new SqlConnection(connectionString);
        SqlConnection.ClearPool(connection);
    }

    public string Unpooled(string connectionString) => new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    public string CreateJournalTable =>
        "IF OBJECT_ID(N'schema_migrations', N'U') IS NULL CREATE TABLE schema_migrations (name NVARCHAR(200) NOT NULL PRIMARY KEY, applied_at NVARCHAR(64) NOT NULL)";

    public UpgradeEngineBuilder Migrations(string connectionString) => DeployChanges.To.SqlDatabase(connectionString);

    public string LimitClause => "OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY";

    public string InsertReturningId(string table, string columns, string values) =>
        $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values})";

    // SQL Server's default collation ignores case.
    public StringComparer Text => StringComparer.OrdinalIgnoreCase;

    public string In(string column, string parameter) => $"{column} IN {parameter}";

    public string Unindexed(string column) => column;

    // An exclusive application lock owned by the transaction, released at its commit or rollback.
    // An explicit id above the identity's current value becomes its current value, so the next row follows the ids set aside.
    public string ReserveAuditIds => "SELECT CAST(IDENT_CURRENT('audit_log') AS BIGINT)";

    public (string Before, string After)? ExplicitIds(string table) => ($"SET IDENTITY_INSERT {table} ON", $"SET IDENTITY_INSERT {table} OFF");

    public string? SerialiseWriters =>
        "EXEC sp_getapplock @Resource = N'indicators-writes', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 10000";

    // Snapshot isolation is a database option; without it, reads see each statement's committed state.
    public Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) => Task.FromResult<DbTransaction?>(null);

    // Deadlock victim (1205) and lock request time-out (1222).
    public bool IsTransient(DbException exception) => exception is SqlException { Number: 1205 or 1222 };

    // Under SQL Server's limit of 2,100 parameters a command.
    public int BatchParameters => 2_000;

    public void BindDecimal(IDbDataParameter parameter, decimal value)
    {
        parameter.DbType = DbType.Decimal;
        parameter.Value = value;
    }

    // DECIMAL(19,6): the server rounds to six places.
    public decimal Stored(decimal value) => Math.Round(value, 6, MidpointRounding.AwayFromZero);
}

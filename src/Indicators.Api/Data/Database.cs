using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Data;

/// <summary>Opens connections to the configured database and knows its dialect.</summary>
public sealed class Database
{
    private readonly string _connectionString;

    public Database(IOptions<DatabaseOptions> options)
    {
        var o = options.Value;
        Dialect = o.IsSqlServer ? new SqlServerDialect() : new SqliteDialect();
        _connectionString = o.IsSqlServer
            ? o.ConnectionString ?? throw new InvalidOperationException("Database:ConnectionString is required for sqlserver.")
            : SqliteConnectionString(o.ConnectionString);
        TypeHandlers.Register(o.IsSqlServer);
    }

    public ISqlDialect Dialect { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = Dialect is SqlServerDialect
            ? new SqlConnection(_connectionString)
            : new SqliteConnection(_connectionString);
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

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; nothing is written when it throws.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the write lock is taken up front, so two
        // writers queue on the busy timeout instead of deadlocking on a lock upgrade.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Turns WAL on for a SQLite file (a persistent setting of the file) and creates its folder.</summary>
    public async Task PrepareAsync(CancellationToken ct = default)
    {
        if (Dialect is not SqliteDialect) return;
        var file = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: ct, commandType: System.Data.CommandType.Text));
    }

    private static string SqliteConnectionString(string? configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured ?? "Data Source=data/indicators.db")
        {
            ForeignKeys = true,
            Pooling = true,
        };
        // Microsoft.Data.Sqlite waits on a locked database for up to the command timeout.
        if (builder.DefaultTimeout == 30) builder.DefaultTimeout = 10;
        return builder.ToString();
    }
}

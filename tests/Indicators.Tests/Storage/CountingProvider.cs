using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using DbUp.Builder;
using Indicators.Api.Storage.Providers;

namespace Indicators.Tests.Storage;

/// <summary>A provider that records every statement its connections send to the database: one entry per round trip.</summary>
public sealed class CountingProvider(IDbProvider inner) : IDbProvider
{
    public ConcurrentQueue<string> Statements { get; } = new();

    public DbConnection CreateConnection(string connectionString) => new CountingConnection(inner.CreateConnection(connectionString), Statements);

    public string Name => inner.Name;
    public bool IsFile => inner.IsFile;
    public string Normalise(string? configured) => inner.Normalise(configured);
    public void ClearPool(string connectionString) => inner.ClearPool(connectionString);
    public string Unpooled(string connectionString) => inner.Unpooled(connectionString);
    public string CreateJournalTable => inner.CreateJournalTable;
    public UpgradeEngineBuilder Migrations(string connectionString) => inner.Migrations(connectionString);
    public string LimitClause => inner.LimitClause;
    public string InsertReturningId(string table, string columns, string values) => inner.InsertReturningId(table, columns, values);
    public string In(string column, string parameter) => inner.In(column, parameter);
    public string Unindexed(string column) => inner.Unindexed(column);
    public string? SerialiseWriters => inner.SerialiseWriters;
    public string ReserveAuditIds => inner.ReserveAuditIds;
    public (string Before, string After)? ExplicitIds(string table) => inner.ExplicitIds(table);
    public StringComparer Text => inner.Text;
    public int BatchParameters => inner.BatchParameters;
    public bool IsTransient(DbException exception) => inner.IsTransient(exception);
    public void BindDecimal(IDbDataParameter parameter, decimal value) => inner.BindDecimal(parameter, value);
    public decimal Stored(decimal value) => inner.Stored(value);

    // The engine's bulk way is one statement however many rows it carries (SQLite's runs in process, no round trip at all).
    public async Task<bool> BulkInsertAsync(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyCollection<object?[]> rows, CancellationToken ct)
    {
        var bulk = await inner.BulkInsertAsync(((CountingConnection)connection).Inner, (transaction as CountingTransaction)?.Inner, table, columns, rows, ct);
        if (bulk) Statements.Enqueue($"bulk insert into {table}");
        return bulk;
    }

    public async Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken ct)
    {
        var counting = (CountingConnection)connection;
        Statements.Enqueue("BEGIN (snapshot)");
        return await inner.BeginSnapshotAsync(counting.Inner, ct);
    }

    private sealed class CountingConnection(DbConnection inner, ConcurrentQueue<string> statements) : DbConnection
    {
        public DbConnection Inner => inner;

        [AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }
        public override string Database => inner.Database;
        public override string DataSource => inner.DataSource;
        public override string ServerVersion => inner.ServerVersion;
        public override ConnectionState State => inner.State;
        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
        public override void Close() => inner.Close();
        public override void Open() => inner.Open();
        public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
        {
            statements.Enqueue("BEGIN");
            return new CountingTransaction(inner.BeginTransaction(isolationLevel), this, statements);
        }

        protected override DbCommand CreateDbCommand() => new CountingCommand(inner.CreateCommand(), statements);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private sealed class CountingTransaction(DbTransaction inner, DbConnection connection, ConcurrentQueue<string> statements) : DbTransaction
    {
        public DbTransaction Inner => inner;
        public override IsolationLevel IsolationLevel => inner.IsolationLevel;
        protected override DbConnection DbConnection => connection;

        public override void Commit()
        {
            statements.Enqueue("COMMIT");
            inner.Commit();
        }

        public override Task CommitAsync(CancellationToken cancellationToken = default)
        {
            statements.Enqueue("COMMIT");
            return inner.CommitAsync(cancellationToken);
        }

        public override void Rollback()
        {
            statements.Enqueue("ROLLBACK");
            inner.Rollback();
        }

        public override Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            statements.Enqueue("ROLLBACK");
            return inner.RollbackAsync(cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private sealed class CountingCommand(DbCommand inner, ConcurrentQueue<string> statements) : DbCommand
    {
        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }
        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }
        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }
        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }
        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }
        protected override DbConnection? DbConnection { get => inner.Connection; set => inner.Connection = value is CountingConnection c ? c.Inner : value; }
        protected override DbParameterCollection DbParameterCollection => inner.Parameters;
        protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = value is CountingTransaction t ? t.Inner : value; }
        public override void Cancel() => inner.Cancel();
        public override void Prepare() => inner.Prepare();
        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            statements.Enqueue(CommandText);
            return inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            statements.Enqueue(CommandText);
            return inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            statements.Enqueue(CommandText);
            return inner.ExecuteReader(behavior);
        }

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            statements.Enqueue(CommandText);
            return inner.ExecuteNonQueryAsync(cancellationToken);
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            statements.Enqueue(CommandText);
            return inner.ExecuteScalarAsync(cancellationToken);
        }

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            statements.Enqueue(CommandText);
            return inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

using System.Data;
using System.Data.Common;
using DbUp.Builder;

namespace Indicators.Api.Storage.Providers;

/// <summary>
/// Everything that differs between the database engines: connections and their pools, the few statements written
/// differently, how writers are serialised, read snapshots, transient errors and parameter binding. All other SQL is shared.
/// </summary>
public interface IDbProvider
{
    /// <summary>The configuration name and the folder under <c>db/</c> holding this provider's migration scripts.</summary>
    string Name { get; }

    /// <summary>
    /// True for a database file this process opens itself (SQLite): it creates the file, queues its own writers in front
    /// of the file lock and can back the file up. False for a server engine.
    /// </summary>
    bool IsFile { get; }

    /// <summary>The connection string connections are opened with, completed with this service's defaults.</summary>
    string Normalise(string? configured);

    DbConnection CreateConnection(string connectionString);

    /// <summary>Closes the pooled connections of <paramref name="connectionString"/>, so the next open starts afresh.</summary>
    void ClearPool(string connectionString);

    /// <summary>The same connection string without pooling, for a probe that must open the database afresh.</summary>
    string Unpooled(string connectionString);

    /// <summary>Creates the migration journal when it does not exist yet.</summary>
    string CreateJournalTable { get; }

    /// <summary>DbUp's migrations for this provider, on <paramref name="connectionString"/>.</summary>
    UpgradeEngineBuilder Migrations(string connectionString);

    /// <summary>Clause that limits a query ordered by its keyset to <c>@take</c> rows; it follows ORDER BY.</summary>
    string LimitClause { get; }

    /// <summary>An INSERT that returns the new identity <c>id</c> as a single scalar.</summary>
    string InsertReturningId(string table, string columns, string values);

    /// <summary><paramref name="column"/> is one of the list parameter <paramref name="parameter"/> (Dapper expands it, or passes an array).</summary>
    string In(string column, string parameter);

    /// <summary><paramref name="column"/> in a condition, written so the planner does not pick an index on it.</summary>
    string Unindexed(string column);

    /// <summary>
    /// Run first in every write transaction: it queues writers one behind the other, so audit ids commit in the order
    /// they were given and a reader can follow changes by id. Null where transactions already serialise writers.
    /// </summary>
    string? SerialiseWriters { get; }

    /// <summary>
    /// A query that sets <c>@count</c> new ids of <c>audit_log</c> aside and answers the last id before them; the rows
    /// that use them are inserted with explicit ids (see <see cref="ExplicitIds"/>). Writers are serialised, so no other
    /// writer takes an id in between.
    /// </summary>
    string ReserveAuditIds { get; }

    /// <summary>The statements around an insert of explicit ids into <paramref name="table"/>'s identity column; null where none are needed.</summary>
    (string Before, string After)? ExplicitIds(string table);

    /// <summary>Begins a read-only transaction that sees one committed state for all its reads, where the engine has one.</summary>
    Task<DbTransaction?> BeginSnapshotAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// Runs a large read and hands <paramref name="row"/> each row in turn, on this thread. <paramref name="parameters"/>
    /// are an object's properties: scalars, or lists for <c>IN</c> (written out as Dapper does).
    /// </summary>
    Task ReadRowsAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters, Action<RowReader> row, CancellationToken ct) =>
        DataRowReader.ReadAsync(connection, transaction, sql, parameters, row, ct);

    /// <summary>True when the database was busy, locked or chose this transaction as a victim, and the same work may succeed when retried.</summary>
    bool IsTransient(DbException exception);


    /// <summary>How the database compares text in its default collation, so filters applied in memory agree with it.</summary>
    StringComparer Text { get; }

    /// <summary>How many parameters one multi-row command of <see cref="RowBatch"/> carries.</summary>
    int BatchParameters { get; }

    /// <summary>
    /// Inserts rows of one table, in the order given, the engine's cheaper way than multi-row commands, and answers true;
    /// false where it has none, and the rows go as several multi-row commands. Called only for rows that do not fit one
    /// command, in the transaction open on <paramref name="connection"/>.
    /// </summary>
    Task<bool> BulkInsertAsync(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyCollection<object?[]> rows, CancellationToken ct) => Task.FromResult(false);

    /// <summary>As the type handlers bind: decimals the provider's way, nulls as DBNull, the rest (text, integers) as they are.</summary>
    void Bind(IDbDataParameter parameter, object? value)
    {
        if (value is decimal number) BindDecimal(parameter, number);
        else parameter.Value = value ?? DBNull.Value;
    }

    /// <summary>Binds a decimal the way this engine compares it with its value columns.</summary>
    void BindDecimal(IDbDataParameter parameter, decimal value);

    /// <summary>The number a value column gives back for <paramref name="value"/>: what a read after the write returns.</summary>
    decimal Stored(decimal value);
}

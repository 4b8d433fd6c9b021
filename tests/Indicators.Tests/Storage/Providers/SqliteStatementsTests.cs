using Dapper;
using Indicators.Api.Storage.Providers;
using Microsoft.Data.Sqlite;

namespace Indicators.Tests.Storage.Providers;

/// <summary>A load of many rows through SQLite's own calls writes what the commands would, in the transaction open.</summary>
public sealed class SqliteStatementsTests
{
    [Test]
    public async Task Rows_insert_with_their_types_and_a_failure_leaves_the_transaction_to_roll_back()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        await connection.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, value REAL NULL, n INTEGER NULL)");
        var provider = new SqliteProvider();
        string[] columns = ["id", "code", "value", "n"];

        await using (var transaction = connection.BeginTransaction())
        {
            Assert.That(await provider.BulkInsertAsync(connection, transaction, "t", columns,
                [[1L, "BHYT_COVERAGE", 92.5m, null], [2, "Tỷ lệ", null, 7], [3L, "X", 0.1, true]], CancellationToken.None), Is.True);
            transaction.Commit();
        }
        await using (var transaction = connection.BeginTransaction())
        {
            Assert.That(() => provider.BulkInsertAsync(connection, transaction, "t", columns, [[4L, "Y", 1m, null], [5L, "X", 1m, null]], CancellationToken.None),
                Throws.InstanceOf<SqliteException>().With.Property(nameof(SqliteException.SqliteErrorCode)).EqualTo(19));
            transaction.Rollback();
        }

        var rows = (await connection.QueryAsync<(long, string, double?, long?)>("SELECT id, code, value, n FROM t ORDER BY id")).ToList();
        Assert.That(rows, Is.EqualTo(new (long, string, double?, long?)[] { (1, "BHYT_COVERAGE", 92.5, null), (2, "Tỷ lệ", null, 7), (3, "X", 0.1, 1) }));
    }
}

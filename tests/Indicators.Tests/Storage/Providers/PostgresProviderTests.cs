using Dapper;
using Indicators.Api.Storage.Providers;
using Npgsql;

namespace Indicators.Tests.Storage.Providers;

/// <summary>A load of many rows through PostgreSQL's binary COPY writes what the commands would, in the transaction open.</summary>
public sealed class PostgresProviderTests
{
    [Test]
    public async Task Bulk_rows_are_copied_as_their_columns_are_typed_and_a_failure_leaves_the_transaction_to_roll_back()
    {
        if (!TestDatabase.IsPostgres) Assert.Ignore("PostgreSQL only: the run has no INDICATORS_TEST_POSTGRES.");
        await using var connection = new NpgsqlConnection(TestDatabase.Postgres);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """CREATE TEMP TABLE t (id BIGINT PRIMARY KEY, code TEXT COLLATE "C" NOT NULL UNIQUE, value DOUBLE PRECISION NULL, n INTEGER NULL)""");
        var provider = new PostgresProvider();
        string[] columns = ["id", "code", "value", "n"];

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // A decimal goes in as the double the value columns hold; a long into an integer column as the integer.
            Assert.That(await provider.BulkInsertAsync(connection, transaction, "t", columns,
                [[1L, "BHYT_COVERAGE", 92.5m, null], [2L, "Tỷ lệ", null, 7L], [3L, "X", 0.1, 5]], CancellationToken.None), Is.True);
            await transaction.CommitAsync();
        }
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.That(() => provider.BulkInsertAsync(connection, transaction, "t", columns, [[4L, "Y", 1m, null], [5L, "X", 1m, null]], CancellationToken.None),
                Throws.InstanceOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo(PostgresErrorCodes.UniqueViolation));
            await transaction.RollbackAsync();
        }

        var rows = (await connection.QueryAsync<(long, string, double?, long?)>("SELECT id, code, value, n FROM t ORDER BY id")).ToList();
        Assert.That(rows, Is.EqualTo(new (long, string, double?, long?)[] { (1, "BHYT_COVERAGE", 92.5, null), (2, "Tỷ lệ", null, 7), (3, "X", 0.1, 5) }));
    }
}

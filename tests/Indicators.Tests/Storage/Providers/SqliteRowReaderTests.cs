using Indicators.Api.Storage;
using Indicators.Api.Storage.Providers;
using Microsoft.Data.Sqlite;

namespace Indicators.Tests.Storage.Providers;

/// <summary>SQLite's large reads through the engine's own calls read each column as Microsoft.Data.Sqlite's reader would.</summary>
public sealed class SqliteRowReaderTests
{
    private SqliteConnection _connection = null!;

    [SetUp]
    public void Open()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText =
            """
            CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT NULL, value REAL NULL, amount);
            INSERT INTO t VALUES (1, 'BHYT_COVERAGE', 'Tỷ lệ bao phủ bảo hiểm y tế', 92.5, 7);
            INSERT INTO t VALUES (2, 'BHYT_COVERAGE', NULL, NULL, '12.50');
            INSERT INTO t VALUES (3, 'DOCTORS_PER_10K', 'Bác sĩ trên 10.000 dân', 0.1, 1.5e3);
            INSERT INTO t VALUES (4, 'DOCTORS_PER_10K', '', 1, NULL);
            """;
        command.ExecuteNonQuery();
    }

    [TearDown]
    public void Close() => _connection.Dispose();

    private List<T> Read<T>(string sql, object parameters, Func<RowReader, T> map, CancellationToken ct = default)
    {
        var rows = new List<T>();
        new SqliteProvider().ReadRowsAsync(_connection, null, sql, parameters, row => rows.Add(map(row)), ct).GetAwaiter().GetResult();
        return rows;
    }

    [Test]
    public void Texts_numbers_and_nulls_read_as_stored_and_each_text_is_one_string()
    {
        var rows = Read("SELECT id, code, name, value, amount FROM t ORDER BY id", new { },
            row => (Id: row.WholeNumber(0), Code: row.Text(1), Name: row.TextOrNull(2), Value: row.Number(3), Amount: row.Number(4), NameNull: row.IsNull(2)));

        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
        Assert.That(rows.Select(r => r.Name), Is.EqualTo(new[] { "Tỷ lệ bao phủ bảo hiểm y tế", null, "Bác sĩ trên 10.000 dân", "" }), "an empty text is not a null");
        Assert.That(rows.Select(r => r.NameNull), Is.EqualTo(new[] { false, true, false, false }));
        Assert.That(rows.Select(r => r.Value), Is.EqualTo(new decimal?[] { 92.5m, null, (decimal)0.1, 1m }), "a REAL as its decimal conversion");
        Assert.That(rows.Select(r => r.Amount), Is.EqualTo(new decimal?[] { 7m, 12.50m, 1500m, null }), "an INTEGER, a TEXT, a REAL and a NULL");
        Assert.That(rows[0].Code, Is.SameAs(rows[1].Code), "one string for a text read twice");
        Assert.That(() => Read("SELECT name FROM t WHERE id = 2", new { }, row => row.Text(0)), Throws.InstanceOf<InvalidCastException>());
    }

    [Test]
    public void A_text_repeated_lengthened_cut_short_or_changed_from_row_to_row_reads_as_stored()
    {
        var unit = string.Concat(Enumerable.Repeat("Xã Đông Hưng ", 8));
        string?[] texts = ["ab", "ab", "abc", "a", "ab", "ba", unit, unit, unit[..^1], null, "", "ab"];

        var read = Read("SELECT value FROM json_each(@texts)", new { texts = System.Text.Json.JsonSerializer.Serialize(texts) }, row => row.TextOrNull(0));

        Assert.That(read, Is.EqualTo(texts));
        Assert.That(read[1], Is.SameAs(read[0]), "a repeat is the same string");
        Assert.That(read[11], Is.SameAs(read[0]), "a text seen before, though not on the row before, is the same string");
    }

    [Test]
    public void A_text_longer_than_the_stack_buffer_reads_whole()
    {
        var text = string.Concat(Enumerable.Repeat("Nghị quyết số 20-NQ/TW ", 40));

        var read = Read("SELECT @text", new { text }, row => row.Text(0));

        Assert.That(read, Is.EqualTo(new[] { text }));
    }

    [Test]
    public void Parameters_bind_as_scalars_and_lists_as_IN_lists()
    {
        var codes = Read("SELECT id FROM t WHERE code IN @codes AND id >= @from ORDER BY id", new { codes = new[] { "BHYT_COVERAGE", "X" }, from = 2L },
            row => row.WholeNumber(0));
        var none = Read("SELECT id FROM t WHERE code IN @codes", new { codes = Array.Empty<string>() }, row => row.WholeNumber(0));
        var bound = Read("SELECT @text, @number, @decimal, @flag, @nothing IS NULL", new { text = "ấp", number = 3, @decimal = 2.5m, flag = true, nothing = (string?)null },
            row => (row.Text(0), row.WholeNumber(1), row.Number(2), row.WholeNumber(3), row.WholeNumber(4)));

        Assert.That(codes, Is.EqualTo(new long[] { 2 }));
        Assert.That(none, Is.Empty);
        Assert.That(bound, Is.EqualTo(new[] { ("ấp", 3L, (decimal?)2.5m, 1L, 1L) }));
        Assert.That(() => Read("SELECT @when", new { when = DateTime.UtcNow }, row => row.Text(0)), Throws.ArgumentException);
    }

    [Test]
    public void Errors_are_the_engines_and_one_statement_only_runs()
    {
        Assert.That(() => Read("SELECT nothing FROM t", new { }, row => row.Text(0)),
            Throws.InstanceOf<SqliteException>().With.Property(nameof(SqliteException.SqliteErrorCode)).EqualTo(1));
        Assert.That(() => Read("SELECT 1; DELETE FROM t", new { }, row => row.WholeNumber(0)), Throws.ArgumentException);
        Assert.That(Read("SELECT COUNT(*) FROM t", new { }, row => row.WholeNumber(0)), Is.EqualTo(new long[] { 4 }), "nothing deleted");
    }

    [Test]
    public void A_cancelled_read_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var read = 0;

        Assert.That(() => Read("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i FROM n", new { },
            row => read++, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(read, Is.LessThan(100_000));
    }
}

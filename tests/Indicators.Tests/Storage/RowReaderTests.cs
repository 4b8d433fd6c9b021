using Dapper;
using Indicators.Api.Storage;

namespace Indicators.Tests.Storage;

/// <summary>A large read (the provider's own, or ADO.NET's) gives the values the mapper reads from the same rows.</summary>
public sealed class RowReaderTests : ApiTest
{
    private sealed record Row
    {
        public long Id { get; init; }
        public string Indicator { get; init; } = "";
        public int Year { get; init; }
        public decimal Value { get; init; }
        public decimal? UpperValue { get; init; }
        public string? Note { get; init; }
    }

    [Test]
    public async Task The_targets_read_as_Dapper_reads_them_each_text_one_string()
    {
        var database = Service<Database>();
        var sql = $"""
            SELECT id, indicator_code AS indicator, year, value, upper_value AS upperValue, note FROM targets
            WHERE {database.Provider.In("indicator_code", "@codes")} AND year >= @from ORDER BY id
            """;
        var parameters = new { codes = new[] { "BHYT_COVERAGE", "DOCTORS_PER_10K" }, from = 2025 };
        await using var connection = await database.OpenAsync();

        var mapped = (await connection.QueryAsync<Row>(sql, parameters)).ToList();
        var read = new List<Row>();
        await database.Provider.ReadRowsAsync(connection, null, sql, parameters, row => read.Add(new Row
        {
            Id = row.WholeNumber(0), Indicator = row.Text(1), Year = (int)row.WholeNumber(2), Value = row.Number(3)!.Value, UpperValue = row.Number(4),
            Note = row.TextOrNull(5),
        }), CancellationToken.None);

        Assert.That(mapped, Has.Count.GreaterThan(2).And.Some.Matches<Row>(r => r.Note is null));
        Assert.That(mapped.Select(r => r.Indicator).Distinct(), Is.EquivalentTo(parameters.codes));
        Assert.That(read, Is.EqualTo(mapped));
        Assert.That(read.Where(r => r.Indicator == "BHYT_COVERAGE").Select(r => r.Indicator).Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Texts_read_whole_in_any_script_and_length_and_a_repeated_text_is_one_string()
    {
        var database = Service<Database>();
        // At and past the 256 bytes of UTF-8 a shared text is decoded on the stack for (each "ộ" is three bytes).
        var parameters = new { t0 = "", t1 = "Hà Nội", t2 = new string('a', 256), t3 = new string('a', 257), t4 = string.Concat(Enumerable.Repeat("Hà Nội ", 40)), t5 = "Hà Nội" };
        string[] texts = [parameters.t0, parameters.t1, parameters.t2, parameters.t3, parameters.t4, parameters.t5];
        var sql = string.Join(" UNION ALL ", texts.Select((_, i) => $"SELECT {i} AS k, @t{i} AS t")) + " ORDER BY k";
        await using var connection = await database.OpenAsync();

        var read = new List<string>();
        await database.Provider.ReadRowsAsync(connection, null, sql, parameters, row => read.Add(row.Text(1)), CancellationToken.None);

        Assert.That(read, Is.EqualTo(texts));
        Assert.That(read[5], Is.SameAs(read[1]));
    }
}

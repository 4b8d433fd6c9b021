using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Indicators.Api.Storage.Providers;

namespace Indicators.Tests.Storage;

/// <summary>
/// The lists of values find their rows through an index, whatever the stored history: a page deep in the list, a
/// unit's values and one indicator's do not scan the values from the first, nor does the period's compliance.
/// </summary>
public sealed class ValueListStoreTests : ApiTest
{
    private static readonly (string, string, string, string, string) After = ("BHYT_COVERAGE", "51", "2025-09-30", "2025Q3", "");

    [OneTimeSetUp]
    public void SqliteOnly() => TestDatabase.RequireSqlite("the plans are SQLite's (PostgreSQL plans by the table's statistics).");

    private static IEnumerable<TestCaseData> Lists()
    {
        const string key = "USING INDEX sqlite_autoindex_data_values_1", submission = "SEARCH v USING INDEX ix_values_submission (submission_id=?)";
        yield return new TestCaseData(Query(after: After), "SEARCH v " + key + " (indicator_code>?)").SetName("After a keyset position: from it");
        yield return new TestCaseData(Query(indicator: "BHYT_COVERAGE"), "SEARCH v " + key + " (indicator_code=?)").SetName("One indicator: its values");
        yield return new TestCaseData(Query(unit: "51"), submission).SetName("One unit: through its submissions");
        yield return new TestCaseData(Query(unit: "51", after: After, statuses: ["approved"]), submission)
            .SetName("One unit after a keyset position, of some statuses: through its submissions");
        yield return new TestCaseData(Query(indicator: "BHYT_COVERAGE", unit: "51"), "SEARCH v " + key + " (indicator_code=? AND unit_id=?)")
            .SetName("One indicator of one unit: its series");
    }

    [TestCaseSource(nameof(Lists))]
    public async Task A_list_reads_the_values_by_its_filters(ValueQuery query, string valuesRead)
    {
        var (sql, parameters) = ValueListStore.ListCommand(new SqliteProvider(), query, 100);

        var plan = await PlanAsync(sql, parameters);

        Assert.That(ValuesRead(plan), Is.EqualTo(new[] { valuesRead }), string.Join("\n", plan));
    }

    [Test]
    public async Task The_compliance_of_a_period_reads_its_values_through_the_periods_submissions()
    {
        var plan = await PlanAsync(ValueListStore.ReportedSql(new SqliteProvider()), new { period = "2025Q3", statuses = new[] { "submitted", "approved" } });

        Assert.That(ValuesRead(plan), Is.EqualTo(new[] { "SEARCH v USING INDEX ix_values_submission (submission_id=?)" }), string.Join("\n", plan));
    }

    private static ValueQuery Query(string? indicator = null, string? unit = null, (string, string, string, string, string)? after = null,
        IReadOnlyList<string>? statuses = null) =>
        new(indicator, unit, null, null, null, after, statuses, null);

    /// <summary>The steps of a plan that read the values (aliased v).</summary>
    private static List<string> ValuesRead(List<string> plan) =>
        [.. plan.Where(step => step == "SCAN v" || step.StartsWith("SCAN v ", StringComparison.Ordinal) || step.StartsWith("SEARCH v ", StringComparison.Ordinal))];

    private async Task<List<string>> PlanAsync(string sql, object parameters)
    {
        await using var connection = await Service<Database>().OpenAsync();
        return (await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters))
            .Select(row => row.Detail).ToList();
    }
}

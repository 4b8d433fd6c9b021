using Indicators.Api.Storage;
using Indicators.Api.Storage.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Indicators.Tests.Storage;

/// <summary>
/// The T-SQL that migrations run on SQL Server, checked without a server: it parses as the language of SQL Server 2016
/// (compatibility level 130) and calls no built-in function added after it, as the README promises.
/// </summary>
public sealed class SqlServerScriptTests
{
    /// <summary>Built-in functions of SQL Server 2017 and later.</summary>
    private static readonly HashSet<string> NewerThan2016 = new(StringComparer.OrdinalIgnoreCase)
    {
        "STRING_AGG", "TRIM", "CONCAT_WS", "TRANSLATE", "APPROX_COUNT_DISTINCT", "GREATEST", "LEAST", "DATETRUNC", "DATE_BUCKET",
        "GENERATE_SERIES", "JSON_OBJECT", "JSON_ARRAY", "JSON_PATH_EXISTS", "APPROX_PERCENTILE_CONT", "APPROX_PERCENTILE_DISC",
        "LEFT_SHIFT", "RIGHT_SHIFT", "BIT_COUNT", "GET_BIT", "SET_BIT",
    };

    private static IEnumerable<TestCaseData> Statements() =>
        Directory.GetFiles(MigrationRunner.ScriptFolder("sqlserver"), "*.sql").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(File.ReadAllText(path)).SetArgDisplayNames(Path.GetFileName(path)))
            .Append(new TestCaseData(new SqlServerDialect().CreateJournalTable).SetArgDisplayNames("journal table"));

    [TestCaseSource(nameof(Statements))]
    public void Is_T_SQL_of_SQL_Server_2016(string sql)
    {
        using var reader = new StringReader(sql);
        var script = new TSql130Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        Assert.That(errors.Select(e => $"line {e.Line}: {e.Message}"), Is.Empty);

        var calls = new FunctionCalls();
        script.Accept(calls);
        Assert.That(calls.Names.Where(NewerThan2016.Contains), Is.Empty);
    }

    private sealed class FunctionCalls : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(FunctionCall node) => Names.Add(node.FunctionName.Value);
    }
}

using Indicators.Api.Storage;
using Indicators.Api.Storage.Providers;
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

    private static readonly SqlServerProvider Provider = new();

    private static IEnumerable<TestCaseData> Statements() =>
        Directory.GetFiles(MigrationRunner.ScriptFolder("sqlserver"), "*.sql").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(File.ReadAllText(path)).SetArgDisplayNames(Path.GetFileName(path)))
            .Append(new TestCaseData(Provider.CreateJournalTable).SetArgDisplayNames("journal table"))
            .Concat(StoreStatements())
            .Concat(ProviderStatements());

    /// <summary>Every SQL constant of the stores, as the SQL Server provider runs it (shared SQL is the same on every provider).</summary>
    private static IEnumerable<TestCaseData> StoreStatements() =>
        typeof(Database).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Indicators.Api.Storage", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (Name: $"{t.Name}.{f.Name}", Sql: (string)f.GetRawConstantValue()!)))
            .Where(c => System.Text.RegularExpressions.Regex.IsMatch(c.Sql, @"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .Select(c => new TestCaseData(c.Sql).SetArgDisplayNames(c.Name));

    /// <summary>The statements the SQL Server provider writes itself, completed as the stores complete them (Dapper expands a list to @p1, @p2).</summary>
    private static IEnumerable<TestCaseData> ProviderStatements() =>
    [
        new TestCaseData(Provider.InsertReturningId("targets", "unit_id, year", "@unit, @year")).SetArgDisplayNames("insert returning id"),
        new TestCaseData("SELECT code FROM indicators WHERE code > @after ORDER BY code " + Provider.LimitClause).SetArgDisplayNames("limit clause"),
        new TestCaseData("SELECT id FROM submissions WHERE " + Provider.In("unit_id", "(@units1, @units2)")).SetArgDisplayNames("list parameter"),
        new TestCaseData("SELECT id FROM audit_log WHERE " + Provider.Unindexed("entity") + " = 'value'").SetArgDisplayNames("unindexed column"),
        new TestCaseData(Provider.SerialiseWriters!).SetArgDisplayNames("writers serialised"),
    ];

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

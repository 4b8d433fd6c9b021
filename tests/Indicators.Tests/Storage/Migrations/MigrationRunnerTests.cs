using System.Text.Json.Nodes;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Indicators.Api.Storage.Migrations;
using Indicators.Tests.Reliability;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Storage.Migrations;

/// <summary>
/// A database of the release before DbUp, migrated by that release's own runner and holding its users' data, starts
/// under this release with all its data and without any script run a second time.
/// </summary>
public sealed class MigrationRunnerTests
{
    private const string PreviousReleaseTime = "2026-11-20T08:00:00.000Z";

    /// <param name="lastScript">
    /// The last script that release shipped: the last one before DbUp, and an earlier one, so that a script added since
    /// is applied once too.
    /// </param>
    [TestCase("0003_seed_rows.sql")]
    [TestCase("0002_audit_unit_index.sql")]
    public async Task A_database_of_the_release_before_DbUp_starts_with_its_data_and_no_script_run_twice(string lastScript)
    {
        TestDatabase.RequireSqlite("the previous release ran on SQLite only");
        var path = Path.Combine(TestDatabase.Folder, "previous-release-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var previousScripts = Scripts().Where(name => string.CompareOrdinal(name, lastScript) <= 0).ToList();
        CreatePreviousReleaseDatabase(path, previousScripts);

        await using (var service = await ServiceProcess.StartAsync(path))
        {
            using var client = service.Client(TestDatabase.AdminKey);
            var submission = JsonNode.Parse(await client.GetStringAsync(new Uri(ApiRoutes.SubmissionUrl("01", "2025Q1"), UriKind.Relative)))!;
            Assert.That(submission["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
            Assert.That(submission["values"]!.AsArray().Select(v => v!["value"]!.GetValue<decimal>()), Is.EqualTo(new[] { 93.5m }));

            var audit = JsonNode.Parse(await client.GetStringAsync(new Uri(ApiRoutes.ValueAudit + "?unit=01", UriKind.Relative)))!["items"]!.AsArray();
            Assert.That(audit.Select(a => a!["reason"]!.GetValue<string>()), Is.EqualTo(new[] { "typed in under the previous release" }));

            // The existing admin key still opens the service, and no second one was bootstrapped.
            var keys = JsonNode.Parse(await client.GetStringAsync(new Uri(ApiRoutes.Keys, UriKind.Relative)))!["items"]!.AsArray();
            Assert.That(keys.Select(k => k!["prefix"]!.GetValue<string>()), Is.EqualTo(new[] { "0a1b2c3d" }));
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        var journal = connection.Query<(string Name, string AppliedAt)>("SELECT name, applied_at FROM schema_migrations ORDER BY name").ToList();
        Assert.That(journal.Select(j => j.Name), Is.EqualTo(Scripts()), "every script is journalled once");
        Assert.That(journal.Where(j => previousScripts.Contains(j.Name)).Select(j => j.AppliedAt), Is.All.EqualTo(PreviousReleaseTime),
            "the scripts of the previous release did not run again");
    }

    /// <summary>
    /// The disaggregation migration rebuilds <c>data_values</c> on SQLite to put the disaggregation in its key: a database of
    /// the release before it keeps every value, target and audit entry, each now of the total, and takes disaggregated values.
    /// </summary>
    [Test]
    public async Task A_database_of_the_release_before_disaggregations_keeps_its_values_targets_and_audit()
    {
        TestDatabase.RequireSqlite("the table rebuild is SQLite's");
        var path = Path.Combine(TestDatabase.Folder, "before-disaggregations-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        CreatePreviousReleaseDatabase(path, Scripts().Where(name => string.CompareOrdinal(name, "0009_accountability.sql") <= 0));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Execute(
                """
                INSERT INTO submissions (id, unit_id, period, status, created_at, updated_at, updated_by) VALUES (2, '01', '2025Q2', 'draft', @at, @at, 'reporter');
                INSERT INTO data_values (indicator_code, unit_id, period, period_start, period_end, value, comment, source, submission_id, updated_at, updated_by)
                VALUES ('BHYT_COVERAGE', '01', '2025Q2', '2025-04-01', '2025-06-30', 94.1, 'quý 2', 'typed', 2, @at, 'reporter');
                INSERT INTO targets (indicator_code, unit_id, year, comparator, value, kind, source, quote, version, created_at, updated_at, updated_by, cascade_to)
                VALUES ('BHYT_COVERAGE', '01', 2030, 'gte', 97.1, 'absolute', 'NQ test', 'đạt 97,1%', 1, @at, @at, 'admin', 'none');
                INSERT INTO target_revisions (target_id, version, change, indicator_code, unit_id, year, comparator, value, kind, source, changed_at, changed_by)
                VALUES (1, 1, 'created', 'BHYT_COVERAGE', '01', 2030, 'gte', 97.1, 'absolute', 'NQ test', @at, 'admin');
                """, new { at = PreviousReleaseTime });
        }
        var before = Snapshot(path);

        await using (var service = await ServiceProcess.StartAsync(path))
        {
            using var client = service.Client(TestDatabase.AdminKey);
            var values = JsonNode.Parse(await client.GetStringAsync(new Uri(ApiRoutes.Values + "?unit=01&disaggregation=total", UriKind.Relative)))!["items"]!.AsArray();
            Assert.That(values.Select(v => (v!["period"]!.GetValue<string>(), v["value"]!.GetValue<decimal>(), v["disaggregation"]?.GetValue<string>())),
                Is.EqualTo(new (string, decimal, string?)[] { ("2025Q1", 93.5m, null), ("2025Q2", 94.1m, null) }));
            var target = JsonNode.Parse(await client.GetStringAsync(new Uri(ApiRoutes.TargetUrl(1), UriKind.Relative)))!;
            Assert.That(target["disaggregation"], Is.Null, "a target of the total");
            Assert.That(target["quote"]!.GetValue<string>(), Is.EqualTo("đạt 97,1%"));

            // The new key takes a disaggregated value beside the total of the same indicator, unit and period.
            var saved = await client.PutAsync(new Uri(ApiRoutes.SubmissionUrl("01", "2025Q2"), UriKind.Relative), new StringContent(
                """{"values":[{"indicator":"BHYT_COVERAGE","value":91.5,"disaggregation":{"sex":"female"}}]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.That(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        var after = Snapshot(path);
        Assert.That(before.Values, Has.Count.EqualTo(2));
        Assert.That(after.Values.Where(v => v.Disaggregation == "").Select(v => v.Row), Is.EqualTo(before.Values.Select(v => v.Row)));
        Assert.That(after.Values.Where(v => v.Disaggregation != "").Select(v => v.Disaggregation), Is.EqualTo(new[] { "sex:female" }));
        Assert.That(after.Targets.Take(before.Targets.Count), Is.EqualTo(before.Targets), "the seeds add targets after the old ones");
        Assert.That(after.Audit.Take(before.Audit.Count), Is.EqualTo(before.Audit));
    }

    /// <summary>Every column of every value (and its disaggregation, null before there were any), target and audit entry, as text.</summary>
    private static (List<(string Row, string? Disaggregation)> Values, List<string> Targets, List<string> Audit) Snapshot(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        var columns = connection.Query<string>("SELECT name FROM pragma_table_info('data_values')").ToList();
        var values = connection.Query<(string, string?)>(
            "SELECT indicator_code || '|' || unit_id || '|' || period || '|' || period_start || '|' || period_end || '|' || value || '|' || COALESCE(numerator, '-') || '|' "
            + "|| COALESCE(denominator, '-') || '|' || COALESCE(comment, '-') || '|' || COALESCE(source, '-') || '|' || submission_id || '|' || updated_at || '|' || updated_by, "
            + (columns.Contains("disaggregation") ? "disaggregation" : "NULL") + " FROM data_values ORDER BY period, indicator_code").ToList();
        var targets = connection.Query<string>("SELECT id || '|' || indicator_code || '|' || unit_id || '|' || year || '|' || value || '|' || quote || '|' || version FROM targets ORDER BY id").ToList();
        var audit = connection.Query<string>("SELECT id || '|' || entity || '|' || entity_key || '|' || COALESCE(reason, '') FROM audit_log ORDER BY id").ToList();
        return (values, targets, audit);
    }

    /// <summary>
    /// There is no SQL Server here, but the runner's SQL Server path (dbup-sqlserver, built against an older driver, on
    /// Microsoft.Data.SqlClient 7) gets as far as the driver trying the server, and its error reaches the caller.
    /// </summary>
    [Test]
    public void On_sql_server_the_runner_opens_its_connection_through_SqlClient()
    {
        using var database = new Database(Options.Create(new DatabaseOptions
        {
            Provider = "sqlserver",
            ConnectionString = "Server=tcp:127.0.0.1,1;Database=indicators;Connect Timeout=2;Encrypt=True",
        }));
        var runner = new MigrationRunner(database, TimeProvider.System, NullLogger<MigrationRunner>.Instance);
        Assert.That(() => runner.Run(), Throws.InstanceOf<SqlException>());
    }

    /// <summary>The SQLite scripts in the order they apply (a released script is never edited).</summary>
    private static List<string> Scripts() =>
        Directory.GetFiles(MigrationRunner.ScriptFolder("sqlite"), "*.sql").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What the previous release left: each script applied in its own transaction with a row in its journal
    /// <c>schema_migrations (name, applied_at)</c>, then an admin key, the catalog rows a value needs, and a submitted value
    /// with its audit entry.
    /// </summary>
    private static void CreatePreviousReleaseDatabase(string path, IEnumerable<string> scripts)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        connection.Execute("PRAGMA journal_mode=WAL");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)");
        foreach (var name in scripts)
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute(File.ReadAllText(Path.Combine(MigrationRunner.ScriptFolder("sqlite"), name)), transaction: transaction);
            connection.Execute("INSERT INTO schema_migrations (name, applied_at) VALUES (@name, @at)", new { name, at = PreviousReleaseTime }, transaction);
            transaction.Commit();
        }

        connection.Execute(
            """
            INSERT INTO api_keys (name, role, prefix, key_hash, created_at, created_by) VALUES ('bootstrap admin', 'admin', '0a1b2c3d', @hash, @at, 'bootstrap');
            INSERT INTO indicators (code, name_vi, name_en, unit, factor, direction, aggregation, frequency, decimals, min_value, max_value, group_code, updated_at, updated_by)
            VALUES ('BHYT_COVERAGE', 'Tỷ lệ dân số tham gia bảo hiểm y tế', 'Health insurance (BHYT) coverage', 'percent', 100, 'higher', 'ratio', 'quarterly', 2, 0, 100, 'coverage', @at, 'seed');
            INSERT INTO units (id, code, name_vi, name_folded, level, parent_id, updated_at, updated_by) VALUES
                ('VN', 'VN', 'Việt Nam', 'viet nam', 'country', NULL, @at, 'seed'),
                ('01', '01', 'Hà Nội', 'ha noi', 'province', 'VN', @at, 'seed');
            INSERT INTO submissions (id, unit_id, period, status, created_at, updated_at, updated_by, submitted_at, submitted_by)
            VALUES (1, '01', '2025Q1', 'submitted', @at, @at, 'reporter', @at, 'reporter');
            INSERT INTO data_values (indicator_code, unit_id, period, period_start, period_end, value, numerator, denominator, submission_id, updated_at, updated_by)
            VALUES ('BHYT_COVERAGE', '01', '2025Q1', '2025-01-01', '2025-03-31', 93.5, 9350000, 10000000, 1, @at, 'reporter');
            INSERT INTO audit_log (at, actor, entity, entity_key, action, indicator_code, unit_id, period, new_value, reason)
            VALUES (@at, 'reporter', 'value', 'BHYT_COVERAGE/01/2025Q1', 'created', 'BHYT_COVERAGE', '01', '2025Q1', 93.5, 'typed in under the previous release');
            """, new { hash = ApiKeys.Hash(TestDatabase.AdminKey), at = PreviousReleaseTime });
    }
}

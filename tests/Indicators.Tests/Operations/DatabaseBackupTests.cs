using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Indicators.Tests.Reliability;
using Indicators.Api.Storage.Providers;
using Indicators.Tests.Features.Imports;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary>
/// <c>--backup FILE</c> against the real service while it imports: the copy passes the integrity check, holds every
/// write acknowledged before the backup began and each import wholly or not at all, and the service started on the
/// copy serves those values, targets, audit entries and keys.
/// </summary>
[NonParallelizable]
public sealed class DatabaseBackupTests
{
    /// <summary>One import a period, each of its own: the months from July 2025, when the communes begin, to October 2026 (ended periods only).</summary>
    private static readonly string[] Periods = Enumerable.Range(0, 16).Select(i => new DateOnly(2025, 7, 1).AddMonths(i).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private const int CommunesPerImport = 100;

    private string _source = null!;
    private string _backup = null!;

    [OneTimeSetUp]
    public void OnlyOnSqlite() => TestDatabase.RequireSqlite("the service backs up SQLite files");

    [SetUp]
    public void CopyTemplate()
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        _source = Path.Combine(TestDatabase.Folder, $"backup-source-{name}.db");
        _backup = Path.Combine(TestDatabase.Folder, $"backup-copy-{name}.db");
        TestDb.Sqlite(_source).Restore();
    }

    [TearDown]
    public void ReleaseFiles() => SqliteConnection.ClearAllPools();

    /// <summary>An acknowledged import; <paramref name="Sent"/> and <paramref name="Answered"/> are <see cref="Stopwatch"/> timestamps.</summary>
    private sealed record Import(string Period, string Comment, int Rows, long Sent, long Answered);

    [Test]
    public async Task A_backup_taken_during_imports_restores_every_committed_write()
    {
        var watch = Stopwatch.StartNew();
        List<string> communes, indicators;
        await using (var connection = new SqliteConnection($"Data Source={_source};Mode=ReadOnly;Pooling=False"))
        {
            communes = (await connection.QueryAsync<string>("SELECT id FROM units WHERE level = 'commune' ORDER BY id LIMIT @CommunesPerImport", new { CommunesPerImport })).ToList();
            indicators = (await connection.QueryAsync<string>("SELECT code FROM indicators ORDER BY code")).ToList();
        }

        await using var service = await ServiceProcess.StartAsync(_source);
        var admin = service.Client(TestDatabase.AdminKey);
        var created = await admin.PostAsJsonAsync(ApiRoutes.Keys, new { name = "backup test", role = "reporter", units = new[] { "01" } });
        var reporterKey = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        var targetIds = new List<long>();
        foreach (var year in new[] { 2031, 2032, 2033 })
        {
            var target = await admin.PostAsJsonAsync(ApiRoutes.Targets, new { indicator = "DOCTORS_PER_10K", unit = "01", year, comparator = "gte", value = 15, source = "backup test" });
            Assert.That(target.StatusCode, Is.EqualTo(HttpStatusCode.Created), await target.Content.ReadAsStringAsync());
            targetIds.Add((await target.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>());
        }

        // Imports one after another, until the backup has been taken.
        var acknowledged = new ConcurrentQueue<Import>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            foreach (var period in Periods)
            {
                if (stop.IsCancellationRequested) break;
                var comment = $"backup test {period}";
                var rows = communes.SelectMany(unit => indicators.Select(indicator => new { unit, period, indicator, value = 42, comment })).ToList();
                var body = new StringContent(JsonSerializer.Serialize(new { rows }), Encoding.UTF8, "application/json");
                var sent = Stopwatch.GetTimestamp();
                var response = await admin.PostAsync(new Uri(ApiRoutes.Imports, UriKind.Relative), body);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
                acknowledged.Enqueue(new Import(period, comment, rows.Count, sent, Stopwatch.GetTimestamp()));
            }
        });
        while (acknowledged.Count < 2 && !writer.IsCompleted) await Task.Delay(20);
        var committedBefore = acknowledged.ToList();
        var backupStarted = Stopwatch.GetTimestamp();
        var (exitCode, output) = await RunBackupAsync(_source, _backup);
        var backupEnded = Stopwatch.GetTimestamp();
        await stop.CancelAsync();
        await writer;
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output.Trim().Split('\n'), Has.Length.EqualTo(1).And.Some.Contains("integrity ok"), output);
        var overlapping = acknowledged.Count(i => i.Sent < backupEnded && i.Answered > backupStarted);
        Assert.That(overlapping, Is.GreaterThan(0), "an import was running while the backup was taken");

        List<Import> inBackup = [];
        await using (var copy = new SqliteConnection($"Data Source={_backup};Mode=ReadOnly;Pooling=False"))
        await using (var original = new SqliteConnection($"Data Source={_source};Mode=ReadOnly;Pooling=False"))
        {
            Assert.That(await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            foreach (var import in acknowledged)
            {
                var values = await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_values WHERE comment = @Comment", import);
                var audited = (await ImportRequests.ValueChangesAsync(copy, new SqliteProvider())).Count(c => c.Reason == import.Comment);
                Assert.That(values, Is.EqualTo(0).Or.EqualTo(import.Rows), $"{import.Period} is partly in the backup");
                Assert.That(audited, Is.EqualTo(values), $"{import.Period}: values and audit trail disagree");
                if (values > 0) inBackup.Add(import);
            }
            Assert.That(inBackup.Select(i => i.Period), Is.SupersetOf(committedBefore.Select(i => i.Period)), "every import acknowledged before the backup is in it");

            // The copy is the original as it was at one moment: its audit trail is a prefix of the original's, its keys and targets the same.
            var copiedAudit = (await copy.QueryAsync<string>("SELECT id || '|' || entity || '|' || entity_key || '|' || action FROM audit_log ORDER BY id")).ToList();
            var originalAudit = (await original.QueryAsync<string>("SELECT id || '|' || entity || '|' || entity_key || '|' || action FROM audit_log ORDER BY id")).ToList();
            Assert.That(copiedAudit, Is.EqualTo(originalAudit.Take(copiedAudit.Count)));
            const string keys = "SELECT id || '|' || prefix || '|' || key_hash || '|' || role || '|' || COALESCE(revoked_at, '') FROM api_keys ORDER BY id";
            Assert.That(await copy.QueryAsync<string>(keys), Is.EqualTo(await original.QueryAsync<string>(keys)));
            const string targets = "SELECT COUNT(*) FROM targets";
            Assert.That(await copy.ExecuteScalarAsync<long>(targets), Is.EqualTo(await original.ExecuteScalarAsync<long>(targets)));
        }

        // Restore: the service started on the copy.
        await service.DisposeAsync();
        await using var restored = await ServiceProcess.StartAsync(_backup);
        var restoredAdmin = restored.Client(TestDatabase.AdminKey);
        foreach (var import in inBackup)
        {
            var page = await restoredAdmin.GetFromJsonAsync<JsonObject>(ApiRoutes.Values + $"?from={import.Period}&to={import.Period}&limit=10000");
            Assert.That(page!["items"]!.AsArray().Count(v => v!["comment"]!.GetValue<string>() == import.Comment), Is.EqualTo(import.Rows), import.Period);
        }
        foreach (var id in targetIds)
        {
            Assert.That((await restoredAdmin.GetAsync(ApiRoutes.TargetUrl(id))).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"target {id}");
        }
        Assert.That((await restored.Client(reporterKey).GetAsync(ApiRoutes.ValueAudit + "?unit=01")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the reporter's key works");
        var audit = await restoredAdmin.GetFromJsonAsync<JsonObject>(ApiRoutes.ValueAudit + $"?period={inBackup[0].Period}&limit=10000");
        Assert.That(audit!["items"]!.AsArray(), Has.Count.EqualTo(inBackup[0].Rows + CommunesPerImport), "every value entry and each submission's status entry");
        await restored.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await using (var copy = new SqliteConnection($"Data Source={_backup};Pooling=False"))
        {
            Assert.That(await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"), "after the restored service ran");
        }
        TestContext.Out.WriteLine($"{output.Trim()}\n{committedBefore.Count} imports before the backup, {overlapping} while it ran, {inBackup.Count} of {acknowledged.Count} in it; {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    public async Task A_missing_database_is_an_error_and_no_file()
    {
        var missing = Path.Combine(TestDatabase.Folder, "no-such-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var (exitCode, output) = await RunBackupAsync(missing, _backup);
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.StartWith("Backup failed:"));
        Assert.That(File.Exists(_backup), Is.False);
        Assert.That(File.Exists(missing), Is.False, "no empty database was created");
    }

    /// <summary>Runs <c>Indicators.Api.dll --backup</c> as the operator would; returns its exit code and what it printed.</summary>
    private static async Task<(int ExitCode, string Output)> RunBackupAsync(string database, string target)
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { api, "--backup", target, "--Database:ConnectionString", $"Data Source={database}" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Indicators.Api.Storage.Providers;
using Indicators.Tests.Features.Imports;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reliability;

/// <summary>
/// The real service is killed (SIGKILL) while a large atomic write is in flight — after 50, 200 and 500 ms, at 60 % and
/// 85 % of the time the write takes, and after it completed — and restarted each time: the write is then wholly present
/// or wholly absent, present if it was acknowledged, and SQLite's integrity check passes.
/// </summary>
[NonParallelizable]
public sealed class CrashSafetyTests
{
    private const int Communes = 400;
    private string _path = null!;

    [OneTimeSetUp]
    public void OnlyOnSqlite() => TestDatabase.RequireSqlite("the file-level crash test of SQLite");

    [SetUp]
    public void CopyTemplate()
    {
        _path = Path.Combine(TestDatabase.Folder, "crash-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        TestDb.Sqlite(_path).Restore();
    }

    /// <summary>The large write: its rows carry <paramref name="Comment"/>; <paramref name="Response"/> is its answer.</summary>
    private sealed record AtomicWrite(string Comment, int Rows, Task<HttpResponseMessage> Response);

    /// <summary>
    /// "The large atomic write": one all-or-nothing POST /api/v1/imports of every indicator for <see cref="Communes"/>
    /// communes in <paramref name="period"/> (12,000 rows, 1.4 MB), every row with the same comment.
    /// </summary>
    private AtomicWrite SendLargeAtomicWrite(HttpClient client, string period, string comment, int communes = Communes)
    {
        List<string> units, indicators;
        using (var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False"))
        {
            units = connection.Query<string>("SELECT id FROM units WHERE level = 'commune' ORDER BY id LIMIT @communes", new { communes }).ToList();
            indicators = connection.Query<string>("SELECT code FROM indicators ORDER BY code").ToList();
        }
        var rows = units.SelectMany(unit => indicators.Select(indicator => new { unit, period, indicator, value = 42, comment })).ToList();
        var body = new StringContent(JsonSerializer.Serialize(new { rows }), Encoding.UTF8, "application/json");
        return new AtomicWrite(comment, rows.Count, client.PostAsync(new Uri(ApiRoutes.Imports + "?atomic=true", UriKind.Relative), body));
    }

    [Test]
    public async Task A_write_killed_at_any_moment_is_wholly_present_or_wholly_absent_and_the_database_intact()
    {
        var watch = Stopwatch.StartNew();
        var service = await ServiceProcess.StartAsync(_path);
        var report = new List<string>();
        try
        {
            // The first round runs to completion and times the write; the later kills land at fixed moments and then
            // close to where it commits.
            var rounds = new Queue<int?>([null, 50, 200, 500]);
            var duration = TimeSpan.Zero;
            for (var round = 0; rounds.TryDequeue(out var killAfter); round++)
            {
                var period = $"2025{round + 7:00}"; // communes exist from July 2025
                var moment = killAfter is { } ms ? $"after {ms} ms" : "after completion";
                var client = service.Client(TestDatabase.AdminKey);
                // A small write first compiles the code paths, so the kill lands while the large one runs.
                Assert.That((await SendLargeAtomicWrite(client, period, "warm-up", communes: 1).Response).StatusCode, Is.EqualTo(HttpStatusCode.OK), service.Output);

                var write = SendLargeAtomicWrite(client, period, $"crash {period}");
                if (killAfter is { } delay) await Task.Delay(delay);
                else
                {
                    var timer = Stopwatch.StartNew();
                    Assert.That((await write.Response).StatusCode, Is.EqualTo(HttpStatusCode.OK), service.Output);
                    duration = timer.Elapsed;
                    rounds.Enqueue((int)(duration.TotalMilliseconds * 0.6));
                    rounds.Enqueue((int)(duration.TotalMilliseconds * 0.85));
                }
                service.Kill();
                var acknowledged = write.Response.IsCompletedSuccessfully && write.Response.Result.StatusCode == HttpStatusCode.OK;
                await write.Response.ContinueWith(_ => { }, TaskScheduler.Default);

                service = await ServiceProcess.StartAsync(_path);
                await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
                await connection.OpenAsync();
                var values = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_values WHERE comment = @Comment", write);
                var audited = (await ImportRequests.ValueChangesAsync(connection, new SqliteProvider())).Count(c => c.Reason == write.Comment);
                Assert.That(values, Is.EqualTo(0).Or.EqualTo(write.Rows), $"killed {moment}: the write is partly there");
                Assert.That(audited, Is.EqualTo(values), $"killed {moment}: the values and their audit trail disagree");
                if (acknowledged) Assert.That(values, Is.EqualTo(write.Rows), $"killed {moment}: the write was acknowledged but is lost");
                Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"), $"killed {moment}");
                Assert.That(await connection.QueryAsync("PRAGMA foreign_key_check"), Is.Empty, $"killed {moment}");
                report.Add($"killed {moment}: {(values > 0 ? "present" : "absent")}{(acknowledged ? ", acknowledged" : "")}");
                if (killAfter is null) report[^1] += $" (the write took {duration.TotalMilliseconds:0} ms)";
            }
        }
        finally
        {
            await service.DisposeAsync();
            SqliteConnection.ClearAllPools();
            TestContext.Out.WriteLine(string.Join("\n", report) + $"\n{watch.Elapsed.TotalSeconds:0.0} s");
        }
    }
}

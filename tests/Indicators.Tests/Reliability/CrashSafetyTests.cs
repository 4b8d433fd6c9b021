using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Indicators.Tests.Reliability;

/// <summary>
/// The real service is killed (SIGKILL) while a large atomic write is in flight, at several moments, and restarted:
/// every atomic part of the write is then wholly present or wholly absent, whatever was acknowledged is present,
/// and SQLite's integrity check passes.
/// </summary>
[NonParallelizable]
public sealed class CrashSafetyTests
{
    private const string Province = "51@2025-07-01";
    private string _path = null!;

    [SetUp]
    public void CopyTemplate()
    {
        _path = Path.Combine(TestDatabase.Folder, "crash-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        TestDatabase.Restore(_path);
    }

    /// <summary>One all-or-nothing part of the large write: the rows carrying <paramref name="Comment"/>, and the answer to it.</summary>
    private sealed record AtomicPart(string Comment, int Rows, Task<HttpResponseMessage> Response);

    /// <summary>
    /// "The large atomic write". Until POST /api/v1/imports is in this branch it is one all-or-nothing PUT per commune
    /// of <see cref="Province"/> — every indicator at a monthly period — all sent at once. With imports it becomes one
    /// POST /api/v1/imports of the same rows (atomic=true): a single part holding every row, with the same comment.
    /// </summary>
    private List<AtomicPart> SendLargeAtomicWrite(HttpClient client, string period, string marker)
    {
        List<string> communes, indicators;
        using (var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False"))
        {
            communes = connection.Query<string>("SELECT id FROM units WHERE parent_id = @Province AND level = 'commune' ORDER BY id LIMIT 40", new { Province }).ToList();
            indicators = connection.Query<string>("SELECT code FROM indicators ORDER BY code").ToList();
        }
        return communes.Select(commune =>
        {
            var comment = $"{marker} {commune}";
            var body = new { values = indicators.Select(indicator => new { indicator, value = 42, comment }) };
            var response = client.PutAsync($"/api/v1/submissions/{commune}/{period}",
                new StringContent(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"));
            return new AtomicPart(comment, indicators.Count, response);
        }).ToList();
    }

    /// <summary>A first write (compiles the code paths, loads the unit graph), so the kill lands while the large write runs.</summary>
    private static async Task WarmUpAsync(ServiceProcess service, string period)
    {
        var response = await service.Client(TestDatabase.AdminKey).PutAsync($"/api/v1/submissions/{Province}/{period}",
            new StringContent("""{"values":[{"indicator":"POPULATION","value":1000000}]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_write_killed_at_any_moment_is_wholly_present_or_wholly_absent_and_the_database_intact()
    {
        var watch = Stopwatch.StartNew();
        var service = await ServiceProcess.StartAsync(_path);
        var report = new List<string>();
        try
        {
            var rounds = new (string Period, int? KillAfterMs)[] { ("202507", 50), ("202508", 200), ("202509", 500), ("202510", null) };
            foreach (var (period, killAfter) in rounds)
            {
                var moment = killAfter is { } ms ? $"after {ms} ms" : "after completion";
                await WarmUpAsync(service, period);
                var parts = SendLargeAtomicWrite(service.Client(TestDatabase.AdminKey), period, $"crash {period}");
                if (killAfter is { } delay) await Task.Delay(delay);
                else Assert.That((await Task.WhenAll(parts.Select(p => p.Response))).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), service.Output);
                service.Kill();
                var acknowledged = parts.Where(p => p.Response.IsCompletedSuccessfully && p.Response.Result.StatusCode == HttpStatusCode.OK).Select(p => p.Comment).ToHashSet();
                await Task.WhenAll(parts.Select(p => p.Response.ContinueWith(_ => { }, TaskScheduler.Default)));

                service = await ServiceProcess.StartAsync(_path);
                await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
                await connection.OpenAsync();
                var present = 0;
                foreach (var part in parts)
                {
                    var values = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_values WHERE comment = @Comment", part);
                    var audited = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = 'value' AND reason = @Comment", part);
                    Assert.That(values, Is.EqualTo(0).Or.EqualTo(part.Rows), $"killed {moment}: '{part.Comment}' is partly written");
                    Assert.That(audited, Is.EqualTo(values), $"killed {moment}: '{part.Comment}' and its audit trail disagree");
                    if (acknowledged.Contains(part.Comment)) Assert.That(values, Is.EqualTo(part.Rows), $"killed {moment}: '{part.Comment}' was acknowledged but is lost");
                    if (values > 0) present++;
                }
                Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"), $"killed {moment}");
                Assert.That(await connection.QueryAsync("PRAGMA foreign_key_check"), Is.Empty, $"killed {moment}");
                report.Add($"killed {moment}: {present} of {parts.Count} parts present, {acknowledged.Count} acknowledged");
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

using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reliability;

/// <summary>
/// Writers hammer the same cells and submissions for a few seconds — saves with changing values and comments,
/// submit, approve, return, reopen — through one service instance or several on one database; then the database must
/// tell the same story as the answers: every accepted write audited, nothing refused written, each cell's value its
/// newest audited one, nothing changed while approved. Clients may get 404, 409 or 503 under contention, never a 500.
/// </summary>
public static class ConcurrentWriters
{
    private const int MaxRequestsPerWriter = 400;

    public static readonly string[] Units = ["51@2025-07-01", "01"];
    private static readonly string[] Indicators = ["BHYT_COVERAGE", "EPI_FULL_IMMUNIZATION", "E_HEALTH_BOOK_RATE"];
    private const string Period = "2025Q3";

    private sealed record Cell(string Indicator, string Unit, decimal Value);

    /// <summary>One answered request: a save (with its cells and unique comment) or a workflow step.</summary>
    public sealed record Outcome(string Unit, string Action, HttpStatusCode Status, string? Comment = null, IReadOnlyList<(string Indicator, string Unit, decimal Value)>? Cells = null);

    /// <summary>
    /// Runs <paramref name="writers"/> writers for <paramref name="duration"/>, writer w on instance w mod the number of
    /// instances; each instance is a function from an API key to a client. <paramref name="keys"/>: reporter, approver and admin.
    /// </summary>
    public static async Task<IReadOnlyList<Outcome>> RunAsync(IReadOnlyList<Func<string, HttpClient>> instances, IReadOnlyDictionary<string, string> keys,
        int writers, TimeSpan duration)
    {
        var outcomes = new ConcurrentQueue<Outcome>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w, instances[w % instances.Count], keys, duration, watch, outcomes))));
        var all = outcomes.ToList();
        var byStatus = all.GroupBy(o => (int)o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        TestContext.Out.WriteLine($"{writers} writers on {instances.Count} instance(s) × {watch.Elapsed.TotalSeconds:0.0} s: {all.Count} requests ({string.Join(", ", byStatus)})");
        return all;
    }

    /// <summary>Asserts that the database <paramref name="connection"/> opens tells the story of <paramref name="all"/>.</summary>
    public static async Task VerifyAsync(DbConnection connection, IReadOnlyList<Outcome> all, int writers)
    {
        Assert.That(all.Where(o => (int)o.Status >= 500 && o.Status != HttpStatusCode.ServiceUnavailable), Is.Empty, "no 500");
        Assert.That(all.Where(o => o.Status is not (HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable)),
            Is.Empty, "only 200, or 404 / 409 / 503 refusals");
        Assert.That(all.Count(o => o.Action == "save" && o.Status == HttpStatusCode.OK), Is.GreaterThan(writers), "the run wrote something");

        var audit = (await connection.QueryAsync<AuditRow>(
            $"SELECT id, entity, action, indicator_code AS indicator, unit_id AS unit, new_value AS newValue, reason, {(TestDatabase.IsPostgres ? "CAST(new_data AS json)->>'status'" : "json_extract(new_data, '$.status')")} AS status FROM audit_log WHERE period = @Period AND entity IN ('value', 'submission') ORDER BY id",
            new { Period })).ToList();

        // Every accepted save is in the audit trail with its values, and nothing else was written.
        var saved = all.Where(o => o.Action == "save" && o.Status == HttpStatusCode.OK).ToList();
        var valueRows = audit.Where(a => a.Entity == "value").ToLookup(a => a.Reason);
        foreach (var save in saved)
        {
            var rows = valueRows[save.Comment].ToList();
            Assert.That(rows.Select(r => (r.Indicator, r.Unit, Math.Round(r.NewValue, 1))), Is.EquivalentTo(save.Cells!),
                $"the save '{save.Comment}' as audited");
        }
        Assert.That(audit.Count(a => a.Entity == "value"), Is.EqualTo(saved.Sum(s => s.Cells!.Count)), "refused saves wrote nothing");

        // Every accepted workflow step is audited once, and refused ones are not.
        foreach (var step in new[] { "submit", "approve", "return", "reopen" })
        {
            foreach (var unit in Units)
            {
                Assert.That(audit.Count(a => a.Entity == "submission" && a.Action == step && a.Unit == unit),
                    Is.EqualTo(all.Count(o => o.Action == step && o.Unit == unit && o.Status == HttpStatusCode.OK)), $"{step} of {unit}");
            }
        }

        // Each cell holds its newest audited value; each submission its newest audited status.
        var cells = await connection.QueryAsync<(string Indicator, string Unit, double Value)>(
            "SELECT indicator_code, unit_id, value FROM data_values WHERE period = @Period", new { Period });
        foreach (var (indicator, unit, value) in cells)
        {
            var newest = audit.Last(a => a.Entity == "value" && a.Indicator == indicator && a.Unit == unit);
            Assert.That(value, Is.EqualTo(newest.NewValue), $"{indicator} of {unit}");
        }
        Assert.That(cells.Count(), Is.EqualTo(audit.Where(a => a.Entity == "value").Select(a => (a.Indicator, a.Unit)).Distinct().Count()));
        foreach (var unit in Units)
        {
            var status = await connection.ExecuteScalarAsync<string?>("SELECT status FROM submissions WHERE unit_id = @unit AND period = @Period", new { unit, Period });
            Assert.That(status, Is.EqualTo(audit.LastOrDefault(a => a.Entity == "submission" && a.Unit == unit)?.Status), unit);
        }

        // No value changed while its submission was approved.
        var approved = new HashSet<string>();
        foreach (var row in audit)
        {
            if (row.Entity == "submission" && row.Status == "approved") approved.Add(row.Unit);
            else if (row.Entity == "submission") approved.Remove(row.Unit);
            else Assert.That(approved, Does.Not.Contain(row.Unit), $"audit row {row.Id} changed {row.Indicator} of {row.Unit} while it was approved");
        }
    }

    private sealed record AuditRow(long Id, string Entity, string Action, string? Indicator, string Unit, double NewValue, string? Reason, string? Status);

    private static StringContent Body(object value) => new(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");

    private static async Task WriteAsync(int writer, Func<string, HttpClient> client, IReadOnlyDictionary<string, string> keys, TimeSpan duration, Stopwatch watch, ConcurrentQueue<Outcome> outcomes)
    {
        var random = new Random(writer);
        var clients = keys.ToDictionary(k => k.Key, k => client(k.Value));
        for (var n = 0; n < MaxRequestsPerWriter && watch.Elapsed < duration; n++)
        {
            var unit = Units[random.Next(Units.Length)];
            var url = ApiRoutes.SubmissionUrl(unit, Period);
            var comment = $"w{writer}-{n}";
            var roll = random.Next(100);
            if (roll < 50)
            {
                var cells = Indicators.Where(_ => random.Next(2) == 0).DefaultIfEmpty(Indicators[writer % Indicators.Length])
                    .Select(i => new Cell(i, unit, Math.Round((decimal)random.NextDouble() * 100, 1))).ToList();
                var body = new { values = cells.Select(c => new { indicator = c.Indicator, value = c.Value, comment }) };
                var response = await clients["reporter"].PutAsync(url, Body(body));
                outcomes.Enqueue(new Outcome(unit, "save", response.StatusCode, comment, cells.Select(c => (c.Indicator, c.Unit, c.Value)).ToList()));
            }
            else
            {
                var (step, role) = roll switch
                {
                    < 65 => ("submit", "reporter"),
                    < 80 => ("approve", "approver"),
                    < 90 => ("return", "approver"),
                    _ => ("reopen", "admin"),
                };
                var response = await clients[role].PostAsync(ApiRoutes.SubmissionStepUrl(unit, Period, EnumText.Parse<SubmissionAction>(step)), Body(new { comment }));
                outcomes.Enqueue(new Outcome(unit, step, response.StatusCode));
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reliability;

/// <summary>
/// Writers race on one task with If-Match: for each revision exactly one change wins and the others get a 412; in the end
/// the task's version counts the accepted changes, each of which is audited once, and the status history has each status change.
/// </summary>
public sealed class TaskConcurrencyTests : ApiTest
{
    private const int Writers = 12;
    private const int RoundsPerWriter = 15;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:WritesPerMinute"] = "0" };

    [Test]
    public async Task One_change_wins_per_revision_and_every_accepted_one_is_audited()
    {
        var reporter = await KeyAsync("reporter", "68@2025-07-01");
        var id = (await Json(await Client().GetAsync(ApiRoutes.Tasks + "?unit=60&limit=1")))["items"]![0]!["id"]!.GetValue<long>();
        var url = ApiRoutes.TaskUrl(id);
        var outcomes = new ConcurrentQueue<(string Kind, HttpStatusCode Status)>();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var client = w % 2 == 0 ? Admin() : Client(reporter);
            for (var round = 0; round < RoundsPerWriter; round++)
            {
                var current = await client.GetAsync(url);
                var etag = current.Headers.ETag!.Tag;
                var task = await Json(current);
                // Half the writers change the text, the other half the status (a recurring task may be done again and again).
                HttpRequestMessage request;
                string kind;
                if (w % 2 == 0)
                {
                    kind = "update";
                    request = new HttpRequestMessage(HttpMethod.Put, url)
                    {
                        Content = JsonBody(new
                        {
                            source = task["source"]!.GetValue<string>(), issuedOn = task["issuedOn"]!.GetValue<string>(), unit = task["unit"]!.GetValue<string>(),
                            part = task["part"]?.GetValue<string>(), item = task["item"]!.GetValue<string>(),
                            textVi = task["textVi"]!.GetValue<string>(), leadAgencies = task["leadAgencies"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray(),
                            dueText = task["dueText"]?.GetValue<string>(), note = $"writer {w} round {round}",
                        }),
                    };
                }
                else
                {
                    kind = "status";
                    request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.TaskStatusUrl(id))
                    {
                        Content = JsonBody(task["status"]!.GetValue<string>() == "done"
                            ? new { status = "inProgress", note = $"writer {w} round {round}" }
                            : (object)new { status = "done", evidenceNumber = $"{w}-{round}/BC-SYT", evidenceDate = "2025-01-10" }),
                    };
                }
                request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
                var response = await client.SendAsync(request);
                outcomes.Enqueue((kind, response.StatusCode));
            }
        })));

        var all = outcomes.ToList();
        Assert.That(all.Select(o => o.Status), Is.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.PreconditionFailed, HttpStatusCode.ServiceUnavailable), "only wins and 412s (or 503 under load)");
        var won = all.Count(o => o.Status == HttpStatusCode.OK);
        Assert.That(won, Is.GreaterThan(1), "the run changed something");
        var final = await Json(await Client().GetAsync(url));
        Assert.That(final["version"]!.GetValue<int>(), Is.EqualTo(1 + won), "each accepted change is one revision");
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_key = @key", new { key }), Is.EqualTo(1 + won), "each accepted change audited once");
        var statusWins = all.Count(o => o.Kind == "status" && o.Status == HttpStatusCode.OK);
        Assert.That(final["statusHistory"]!.AsArray(), Has.Count.EqualTo(1 + statusWins));
        Assert.That(await ScalarAsync("SELECT COUNT(DISTINCT version) FROM task_status_changes WHERE task_id = @id", new { id }), Is.EqualTo(1 + statusWins));
    }
}

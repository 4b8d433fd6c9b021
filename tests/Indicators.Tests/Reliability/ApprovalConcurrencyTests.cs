using System.Collections.Concurrent;
using System.Net;
using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reliability;

/// <summary>
/// Approvers of the three levels, an admin and a reporter race on one commune's submission: approving, returning,
/// reopening one indicator, correcting and resubmitting. Every accepted step is audited once, refused ones are 409s, and
/// the levels' acts in the database always make sense: approvals from the commune up with no gap, none on a submission
/// that is not approved.
/// </summary>
public sealed class ApprovalConcurrencyTests : ApiTest
{
    private const int Writers = 12;
    private const string Commune = "21025@2025-07-01";
    private static readonly string Url = ApiRoutes.SubmissionUrl(Commune, "2025Q3");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:WritesPerMinute"] = "0" };

    [Test]
    public async Task Levels_acting_at_once_leave_a_consistent_audited_chain()
    {
        var keys = new Dictionary<string, string>
        {
            ["reporter"] = await KeyAsync("reporter", Commune),
            ["commune"] = await KeyAsync("approver", Commune),
            ["province"] = await KeyAsync("approver", "51@2025-07-01"),
            ["ministry"] = await KeyAsync("approver", "VN"),
            ["admin"] = TestDatabase.AdminKey,
        };
        var first = await Client(keys["reporter"]).PutAsync(Url, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":90}],"submit":true}"""));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var outcomes = new ConcurrentQueue<(string Step, HttpStatusCode Status)>();
        var until = DateTime.UtcNow.AddSeconds(4);
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var clients = keys.ToDictionary(k => k.Key, k => Client(k.Value));
            for (var n = 0; n < 60 && DateTime.UtcNow < until; n++)
            {
                var roll = random.Next(100);
                var (step, who, body) = roll switch
                {
                    < 45 => ("approve", new[] { "commune", "province", "ministry" }[random.Next(3)], "{}"),
                    < 60 => ("return", new[] { "commune", "province", "ministry" }[random.Next(3)], """{"comment":"Kiểm tra lại"}"""),
                    < 65 => ("reopen", "admin", """{"comment":"Sửa một chỉ tiêu","indicators":["BHYT_COVERAGE"]}"""),
                    _ => ("save", "reporter", $$"""{"values":[{"indicator":"BHYT_COVERAGE","value":{{80 + random.Next(20)}},"comment":"w{{w}}-{{n}}"}],"submit":true}"""),
                };
                var response = step == "save"
                    ? await clients[who].PutAsync(Url, JsonBody(body))
                    : await clients[who].PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", EnumText.Parse<SubmissionAction>(step)), JsonBody(body));
                outcomes.Enqueue((step, response.StatusCode));
            }
        })));

        var all = outcomes.ToList();
        TestContext.Out.WriteLine(string.Join(", ", all.GroupBy(o => (o.Step, (int)o.Status)).OrderBy(g => g.Key).Select(g => $"{g.Key.Step} {g.Key.Item2}: {g.Count()}")));
        Assert.That(all.Where(o => o.Status is not (HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.ServiceUnavailable)), Is.Empty, "only 200, 409 or 503");
        Assert.That(all.Count(o => o.Step == "approve" && o.Status == HttpStatusCode.OK), Is.GreaterThan(0), "the run approved something");

        await using var connection = await Service<Database>().OpenAsync();
        foreach (var step in new[] { "approve", "return", "reopen" })
        {
            Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'submission' AND action = @step", new { step }),
                Is.EqualTo(all.Count(o => o.Step == step && o.Status == HttpStatusCode.OK)), $"each accepted {step} audited once");
        }
        var status = await connection.ExecuteScalarAsync<string>("SELECT status FROM submissions WHERE unit_id = @Commune", new { Commune });
        var approved = (await connection.QueryAsync<string>(
            "SELECT a.level FROM submission_approvals a JOIN submissions s ON s.id = a.submission_id WHERE a.status = 'approved'")).ToHashSet();
        var chain = new[] { "commune", "province", "ministry" };
        Assert.That(approved, Is.EquivalentTo(chain.Take(approved.Count)), "approvals climb from the commune with no gap");
        Assert.That(approved.Count > 0, Is.EqualTo(status == "approved"), $"a {status} submission has approvals only when approved");

        var response = await Json(await Client().GetAsync(Url));
        Assert.That(response["changesSinceApproval"]!.GetValue<long>(),
            Is.EqualTo(await ScalarAsync("SELECT COUNT(*) FROM audit_log a WHERE a.entity = 'value' AND a.id > (SELECT MIN(id) FROM audit_log WHERE entity = 'submission' AND action = 'approve')")),
            "every value change after the first approval is counted");
    }
}

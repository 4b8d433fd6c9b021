using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

namespace Indicators.Tests.Features.Values;

public sealed class ValueAuditTests : ApiTest
{
    private const string Province = "51@2025-07-01";

    private async Task<JsonArray> AuditAsync(string query)
    {
        var response = await Admin().GetAsync(ApiRoutes.ValueAudit + query);
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        return body["items"]!.AsArray();
    }

    private async Task ImportAsync(object[] rows, string query = "")
    {
        var response = await Admin().ImportJson(rows, query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Every_change_of_a_value_is_one_audit_row_with_its_old_and_new_value()
    {
        // 3 created, 2 updated, 1 unchanged (no row), 1 deleted: 6 changes.
        await ImportAsync([
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m),
            ImportRequests.Row(Province, "2025Q3", "EPI_FULL_IMMUNIZATION", value: 97.1m),
            ImportRequests.Row(Province, "2025", "DOCTORS_PER_10K", value: 11.42m),
        ]);
        await ImportAsync([
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.6m),
            ImportRequests.Row(Province, "2025Q3", "EPI_FULL_IMMUNIZATION", value: 97.1m),
            ImportRequests.Row(Province, "2025", "DOCTORS_PER_10K", value: 11.5m, comment: "Theo niên giám"),
        ], "?reason=" + Uri.EscapeDataString("Số liệu BHXH"));
        var delete = await Admin().PostAsync(ApiRoutes.DataValueSets + "?importStrategy=DELETE",
            JsonBody("""{"dataValues": [{"dataElement": "BHYT_COVERAGE", "orgUnit": "51@2025-07-01", "period": "2025Q3", "comment": "Nhập nhầm"}]}"""));
        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.OK), await delete.Content.ReadAsStringAsync());

        var values = (await AuditAsync("")).Where(a => a!["entity"]!.GetValue<string>() == "value").ToList();
        Assert.That(values, Has.Count.EqualTo(6));
        var rows = values.Select(a => (a!["indicator"]!.GetValue<string>(), a["period"]!.GetValue<string>(), a["action"]!.GetValue<string>(),
            a["oldValue"]?.GetValue<decimal>(), a["newValue"]?.GetValue<decimal>(), a["reason"]?.GetValue<string>())).ToList();
        Assert.That(rows, Is.EqualTo(new (string, string, string, decimal?, decimal?, string?)[]
        {
            ("BHYT_COVERAGE", "2025Q3", "created", null, 94.4m, null),
            ("EPI_FULL_IMMUNIZATION", "2025Q3", "created", null, 97.1m, null),
            ("DOCTORS_PER_10K", "2025", "created", null, 11.42m, null),
            ("BHYT_COVERAGE", "2025Q3", "updated", 94.4m, 94.6m, "Số liệu BHXH"),
            ("DOCTORS_PER_10K", "2025", "updated", 11.42m, 11.5m, "Theo niên giám"),
            ("BHYT_COVERAGE", "2025Q3", "deleted", 94.6m, null, "Nhập nhầm"),
        }));

        // One value's history, in order.
        var history = await AuditAsync($"?indicator=BHYT_COVERAGE&unit={Province}&period=2025q3");
        Assert.That(history.Select(a => a!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "created", "updated", "deleted" }));
        Assert.That(history.Select(a => a!["id"]!.GetValue<long>()), Is.Ordered.Ascending);
        Assert.That(history.Select(a => a!["actor"]!.GetValue<string>()), Has.All.Contains("0a1b2c3d"));
    }

    [Test]
    public async Task Status_changes_of_submissions_are_in_the_trail()
    {
        await ImportAsync([ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m)]);
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var submission = (await AuditAsync($"?unit=51&period=2025Q3")).Where(a => a!["entity"]!.GetValue<string>() == "submission")
            .Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.That(submission, Is.EqualTo(new[] { "submitted", "approve" }));
        // An indicator filter keeps value rows only: a submission's status is not about one indicator.
        Assert.That((await AuditAsync("?indicator=BHYT_COVERAGE")).Select(a => a!["entity"]!.GetValue<string>()), Has.All.EqualTo("value"));
    }

    [Test]
    public async Task The_trail_pages_by_id_and_comes_as_csv()
    {
        await ImportAsync([
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m),
            ImportRequests.Row(Province, "2025Q4", "BHYT_COVERAGE", value: 95m),
            ImportRequests.Row("01", "2025", "DOCTORS_PER_10K", value: 21.3m),
        ]);
        var all = (await AuditAsync("")).Select(a => a!["id"]!.GetValue<long>()).ToList();
        Assert.That(all, Has.Count.EqualTo(6));
        var paged = new List<long>();
        string? cursor = null;
        do
        {
            var body = await Json(await Admin().GetAsync(ApiRoutes.ValueAudit + "?limit=4" + (cursor is null ? "" : "&cursor=" + cursor)));
            paged.AddRange(body["items"]!.AsArray().Select(a => a!["id"]!.GetValue<long>()));
            cursor = body["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.That(paged, Is.EqualTo(all));

        var bytes = await Admin().GetByteArrayAsync(ApiRoutes.ValueAudit + "?format=csv&unit=01");
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("id,at,actor,entity,action,indicator,unit,period,oldValue,newValue,reason,disaggregation,status,level,approvedLevels"));
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[4]), Is.EquivalentTo(new[] { "submitted", "created" }));
        // The submission's entry says the status it moved to; a value's has none.
        Assert.That(lines.Skip(1).Select(l => (l.Split(',')[3], l.Split(',')[12])), Is.EquivalentTo(new[] { ("submission", "submitted"), ("value", "") }));
    }

    [Test]
    public async Task A_bulk_load_keeps_one_audit_row_per_submission_that_the_trail_lists_as_one_entry_per_value()
    {
        await ImportAsync([
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m),
            ImportRequests.Row(Province, "2025Q3", "EPI_FULL_IMMUNIZATION", value: 97.1m),
            ImportRequests.Row(Province, "2025Q4", "BHYT_COVERAGE", value: 95m),
            ImportRequests.Row("01", "2025Q3", "BHYT_COVERAGE", value: 92m),
            ImportRequests.Row("01", "2025Q3", "EPI_FULL_IMMUNIZATION", value: 98m),
        ]);
        var put = await Admin().PutAsync($"/api/v1/submissions/{Province}/2025Q3",
            JsonBody("""{"values": [{"indicator": "BHYT_COVERAGE", "value": 94.5, "comment": "Sửa"}, {"indicator": "EPI_FULL_IMMUNIZATION", "value": 97.1}]}"""));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        await ImportAsync([ImportRequests.Row("01", "2025Q3", "BHYT_COVERAGE", value: 92.5m, comment: "Theo BHXH")]);

        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'valueBatch'"), Is.EqualTo(4), "one per submission and import");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value'"), Is.EqualTo(1), "the submission's own write keeps a row per value");

        var all = await AuditAsync("?limit=1000");
        Assert.That(all.Select(a => a!["id"]!.GetValue<long>()), Is.Unique.And.Ordered.Ascending);
        var values = all.Where(a => a!["entity"]!.GetValue<string>() == "value").Select(a => (a!["indicator"]!.GetValue<string>(), a["unit"]!.GetValue<string>(),
            a["period"]!.GetValue<string>(), a["action"]!.GetValue<string>(), a["oldValue"]?.GetValue<decimal>(), a["newValue"]!.GetValue<decimal>(), a["reason"]?.GetValue<string>()));
        Assert.That(values, Is.EqualTo(new (string, string, string, string, decimal?, decimal, string?)[]
        {
            ("BHYT_COVERAGE", Province, "2025Q3", "created", null, 94.4m, null),
            ("EPI_FULL_IMMUNIZATION", Province, "2025Q3", "created", null, 97.1m, null),
            ("BHYT_COVERAGE", Province, "2025Q4", "created", null, 95m, null),
            ("BHYT_COVERAGE", "01", "2025Q3", "created", null, 92m, null),
            ("EPI_FULL_IMMUNIZATION", "01", "2025Q3", "created", null, 98m, null),
            ("BHYT_COVERAGE", Province, "2025Q3", "updated", 94.4m, 94.5m, "Sửa"),
            ("BHYT_COVERAGE", "01", "2025Q3", "updated", 92m, 92.5m, "Theo BHXH"),
        }));
        Assert.That(all.Select(a => a!["actor"]!.GetValue<string>()), Has.All.Contains("0a1b2c3d"));

        // Pages of every size cut batches anywhere and still list each entry once.
        foreach (var limit in new[] { 1, 2, 3 })
        {
            var paged = new List<long>();
            string? cursor = null;
            do
            {
                var body = await Json(await Admin().GetAsync($"/api/v1/values/audit?limit={limit}" + (cursor is null ? "" : "&cursor=" + cursor)));
                var items = body["items"]!.AsArray();
                Assert.That(items, Has.Count.LessThanOrEqualTo(limit));
                paged.AddRange(items.Select(a => a!["id"]!.GetValue<long>()));
                cursor = body["nextCursor"]?.GetValue<string>();
            } while (cursor is not null);
            Assert.That(paged, Is.EqualTo(all.Select(a => a!["id"]!.GetValue<long>())), $"limit={limit}");
        }

        // Filters reach into a batch; a page of one value per batch still finds the next match.
        var epi = await AuditAsync("?indicator=EPI_FULL_IMMUNIZATION&limit=1");
        Assert.That(epi.Select(a => (a!["unit"]!.GetValue<string>(), a["newValue"]!.GetValue<decimal>())), Is.EqualTo(new[] { (Province, 97.1m) }));
        var second = await AuditAsync("?indicator=EPI_FULL_IMMUNIZATION&limit=1&cursor=" + (await Json(await Admin().GetAsync("/api/v1/values/audit?indicator=EPI_FULL_IMMUNIZATION&limit=1")))["nextCursor"]!.GetValue<string>());
        Assert.That(second.Select(a => (a!["unit"]!.GetValue<string>(), a["newValue"]!.GetValue<decimal>())), Is.EqualTo(new[] { ("01", 98m) }));
        Assert.That((await AuditAsync($"?unit=01&period=2025Q3&indicator=BHYT_COVERAGE")).Select(a => a!["newValue"]!.GetValue<decimal>()), Is.EqualTo(new[] { 92m, 92.5m }));
        Assert.That(await AuditAsync("?indicator=BHYT_COVERAGE&disaggregation=sex:female"), Is.Empty);
    }

    [TestCase("?period=2025X1", "period")]
    [TestCase("?unit=nope", "unit")]
    [TestCase("?cursor=abc", "cursor")]
    public async Task Bad_parameters_are_400_problems(string query, string field)
    {
        await AssertProblem(await Admin().GetAsync(ApiRoutes.ValueAudit + query), HttpStatusCode.BadRequest, field);
    }

    [Test]
    public async Task The_audit_trail_needs_a_key() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.ValueAudit), HttpStatusCode.Unauthorized);
}

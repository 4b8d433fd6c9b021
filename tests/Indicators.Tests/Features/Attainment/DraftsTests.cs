using System.Net;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

namespace Indicators.Tests.Features.Attainment;

/// <summary>A draft is its submitter's own: it moves no report until it is submitted (Reports:MinimumStatus).</summary>
public sealed class DraftsTests : ApiTest
{
    private const string Unit = "51@2025-07-01";

    /// <summary>Every public read a leader or a BI tool sees, as text.</summary>
    private static readonly string[] Reads =
    [
        ApiRoutes.Attainment + $"?unit={Unit}",
        ApiRoutes.Gaps + "?year=2030",
        ApiRoutes.ScorecardUrl(Unit) + "?year=2030",
        ApiRoutes.Series + $"?indicator=BHYT_COVERAGE&unit={Unit}",
        ApiRoutes.Compliance + "?period=2025Q3",
        ApiRoutes.Values + "?source=all",
    ];

    private async Task<List<string>> ReadAllAsync()
    {
        var bodies = new List<string>();
        foreach (var url in Reads)
        {
            var response = await Client().GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {body}");
            bodies.Add(body);
        }
        return bodies;
    }

    private Task<HttpResponseMessage> SaveAsync(decimal value, bool submit = false) =>
        Admin().PutAsync(ApiRoutes.SubmissionUrl(Unit, "2025Q4"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value } }, submit }));

    [Test]
    public async Task A_draft_moves_no_report_and_its_submission_does()
    {
        // Submitted values first, so the reports have something a draft could disturb.
        Assert.That((await Admin().PutAsync(ApiRoutes.SubmissionUrl(Unit, "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94m } }, submit = true }))).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));
        var before = await ReadAllAsync();

        Assert.That((await SaveAsync(60m)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ReadAllAsync(), Is.EqualTo(before), "a draft changed a report");

        var reporter = await KeyAsync("reporter", Unit);
        var own = (await Json(await Client(reporter).GetAsync(ApiRoutes.Values + $"?unit={Unit}")))["items"]!.AsArray();
        Assert.That(own.Select(v => $"{v!["period"]}:{v["status"]}"), Does.Contain("2025Q4:draft"), "the reporter sees its draft");
        var reader = await KeyAsync("reader");
        var read = (await Json(await Client(reader).GetAsync(ApiRoutes.Values + $"?unit={Unit}")))["items"]!.AsArray();
        Assert.That(read.Select(v => v!["period"]!.GetValue<string>()), Is.EqualTo(new[] { "2025Q3" }));

        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Unit, "2025Q4", SubmissionAction.Submit), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var row = (await Json(await Client().GetAsync(ApiRoutes.Attainment + $"?unit={Unit}&indicator=BHYT_COVERAGE&year=2030")))["items"]!.AsArray().Single()!;
        Assert.That(row["actualPeriod"]!.GetValue<string>(), Is.EqualTo("2025Q4"));
        Assert.That(row["actualValue"]!.GetValue<decimal>(), Is.EqualTo(60m));
    }

    [Test]
    public async Task A_returned_submission_leaves_the_reports_until_it_is_submitted_again()
    {
        Assert.That((await SaveAsync(94.5m, submit: true)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var url = ApiRoutes.Attainment + $"?unit={Unit}&indicator=BHYT_COVERAGE&year=2030";
        Assert.That((await Json(await Client().GetAsync(url)))["items"]![0]!["actualValue"]!.GetValue<decimal>(), Is.EqualTo(94.5m));

        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Unit, "2025Q4", SubmissionAction.Return), JsonBody(new { comment = "kiểm tra lại mẫu số" }))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Json(await Client().GetAsync(url)))["items"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("noData"));
    }
}

/// <summary>A deployment that counts approved values only.</summary>
public sealed class ApprovedOnlyReportsTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Reports:MinimumStatus"] = "approved" };

    [Test]
    public async Task Submitted_values_wait_for_approval()
    {
        var submission = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");
        const string url = ApiRoutes.Attainment + "?unit=51@2025-07-01&indicator=BHYT_COVERAGE&year=2030";
        await Admin().PutAsync(submission, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.5m } }, submit = true }));
        Assert.That((await Json(await Client().GetAsync(url)))["items"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("noData"));

        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Json(await Client().GetAsync(url)))["items"]![0]!["actualValue"]!.GetValue<decimal>(), Is.EqualTo(94.5m));
    }
}

/// <summary>A deployment that wants drafts in its reports.</summary>
public sealed class DraftReportsTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Reports:MinimumStatus"] = "draft" };

    [Test]
    public async Task Drafts_count()
    {
        await Admin().PutAsync(ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.5m } } }));
        var row = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?unit=51@2025-07-01&indicator=BHYT_COVERAGE&year=2030")))["items"]![0]!;
        Assert.That(row["actualValue"]!.GetValue<decimal>(), Is.EqualTo(94.5m));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Reports;

public sealed class ReportsTests : ApiTest
{
    private async Task PutAsync(string unit, string period, params object[] values)
    {
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl(unit, period), JsonBody(new { values, submit = true }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Gaps_rank_units_by_mean_gap_and_count_statuses()
    {
        await PutAsync("60", "2025Q2", new { indicator = "BHYT_COVERAGE", value = 80m });
        await PutAsync("51@2025-07-01", "2025Q3", new { indicator = "BHYT_COVERAGE", value = 97.5m });
        var items = (await Json(await Client().GetAsync(ApiRoutes.Gaps + "?level=province")))["items"]!.AsArray();
        Assert.That(items.Select(i => i!["unit"]!.GetValue<string>()).Take(2), Is.EqualTo(new[] { "60", "51@2025-07-01" }));
        Assert.That(items.Select(i => i!["rank"]!.GetValue<int>()).Take(2), Is.EqualTo(new[] { 1, 2 }));
        var binhThuan = items[0]!;
        Assert.That(binhThuan["targets"]!.GetValue<int>(), Is.EqualTo(11));
        Assert.That(binhThuan["maxGapIndicator"]!.GetValue<string>(), Is.EqualTo("BHYT_COVERAGE"));
        var counted = new[] { "achieved", "onTrack", "atRisk", "offTrack", "regressing", "missed", "noData", "insufficientData", "noBaseline", "unitEnded" }
            .Sum(s => binhThuan[s]!.GetValue<int>());
        Assert.That(counted, Is.EqualTo(11));
        Assert.That(binhThuan["inheritedTargets"]!.GetValue<int>(), Is.Zero, "a former province is held to its own plan only");
    }

    [Test]
    public async Task Gaps_and_scorecards_count_the_inherited_targets_apart()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Gaps + "?level=province&year=2030")))["items"]!.AsArray();
        var hanoi = items.Single(i => i!["unit"]!.GetValue<string>() == "01")!;
        Assert.That(hanoi["inheritedTargets"]!.GetValue<int>(), Is.EqualTo(hanoi["targets"]!.GetValue<int>()).And.Positive, "Hà Nội has no plan of its own here");
        var quangNgai = items.Single(i => i!["unit"]!.GetValue<string>() == "51@2025-07-01")!;
        Assert.That(quangNgai["inheritedTargets"]!.GetValue<int>(), Is.Positive.And.LessThan(quangNgai["targets"]!.GetValue<int>()));

        var scorecard = await Json(await Client().GetAsync(ApiRoutes.ScorecardUrl("01") + "?year=2030"));
        Assert.That(scorecard["inheritedTargets"]!.GetValue<int>(), Is.EqualTo(scorecard["items"]!.AsArray().Count));
        Assert.That(scorecard["items"]!.AsArray().Select(r => r!["targetUnit"]!.GetValue<string>()), Has.All.EqualTo("VN"));
    }

    [Test]
    public async Task A_scorecard_lists_all_targets_of_a_unit()
    {
        var body = await Json(await Client().GetAsync(ApiRoutes.ScorecardUrl("60")));
        Assert.That(body["unit"]!.GetValue<string>(), Is.EqualTo("60"));
        Assert.That(body["successorId"]!.GetValue<string>(), Is.EqualTo("68@2025-07-01"));
        Assert.That(body["items"]!.AsArray(), Has.Count.EqualTo(11));
        Assert.That(body["targets"]!.GetValue<int>(), Is.EqualTo(11));
        var csv = await Client().GetStringAsync(ApiRoutes.ScorecardUrl("60") + "?format=csv&year=2030");
        Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(8));
        await AssertProblem(await Client().GetAsync(ApiRoutes.ScorecardUrl("ZZ")), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_series_shows_reported_and_derived_values_and_the_target_path()
    {
        await PutAsync("51", "2025Q1", new { indicator = "BHYT_COVERAGE", numerator = 1100000, denominator = 1250000 });
        await PutAsync("62", "2025Q1", new { indicator = "BHYT_COVERAGE", numerator = 520000, denominator = 580000 });
        await PutAsync("51@2025-07-01", "2025Q3", new { indicator = "BHYT_COVERAGE", value = 92.5m });
        var body = await Json(await Client().GetAsync(ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=51"));
        var points = body["points"]!.AsArray();
        Assert.That(points.Select(p => p!["period"]!.GetValue<string>()), Is.EqualTo(new[] { "2025Q1", "2025Q3" }));
        Assert.That(points.Select(p => p!["source"]!.GetValue<string>()), Is.EqualTo(new[] { "derived", "reported" }));
        Assert.That(points[0]!["value"]!.GetValue<decimal>(), Is.EqualTo(Math.Round(1620000m / 1830000m * 100, 4)));
        var target = body["targets"]!.AsArray().Single(t => t!["year"]!.GetValue<int>() == 2030)!;
        var path = target["path"]!.AsArray();
        Assert.That(path.Last()!["value"]!.GetValue<decimal>(), Is.EqualTo(97.1m));
        Assert.That(path.Last()!["date"]!.GetValue<string>(), Is.EqualTo("2030-12-31"));
        Assert.That(target["pathStart"]!.GetValue<string>(), Is.EqualTo("firstValue"));
        var csv = await Client().GetStringAsync(ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=51&format=csv");
        Assert.That(csv, Does.Contain("2025Q1,2025-03-31,").And.Contain(",derived,100"));
    }

    [TestCase("indicator=NOPE&unit=51", "indicator")]
    [TestCase("indicator=BHYT_COVERAGE", "unit")]
    [TestCase("indicator=BHYT_COVERAGE&unit=51&from=2025Q9", "from")]
    public async Task Series_parameters_are_checked(string query, string field) =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Series + "?" + query), HttpStatusCode.BadRequest, field);

    [Test]
    public async Task Compliance_counts_expected_submitted_late_and_missing_with_holidays_in_the_due_date()
    {
        await PutAsync("01", "2025Q1", new { indicator = "BHYT_COVERAGE", value = 90m }, new { indicator = "EPI_FULL_IMMUNIZATION", value = 95m });
        await PutAsync("04", "2025Q1", new { indicator = "BHYT_COVERAGE", value = 90m });
        // Hà Nội sent its figures on time (on the due date, Vietnam time); Cao Bằng's arrive now, long after.
        await ScalarAsync("UPDATE submissions SET submitted_at = '2025-05-09T10:00:00.000Z' WHERE unit_id = '01'");

        var items = (await Json(await Client().GetAsync(ApiRoutes.Compliance + "?period=2025Q1")))["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(63), "the 63 provinces of 2025Q1");
        var hanoi = items.Single(i => i!["unit"]!.GetValue<string>() == "01")!;
        // 25 working days after 31 March 2025, skipping 7 April, 30 April, 1 and 2 May: 9 May (without holidays: 5 May).
        Assert.That(hanoi["dueDate"]!.GetValue<string>(), Is.EqualTo("2025-05-09"));
        var quarterly = await ScalarAsync("SELECT COUNT(*) FROM indicators WHERE frequency = 'quarterly'");
        Assert.That(hanoi["expected"]!.GetValue<int>(), Is.EqualTo(quarterly));
        Assert.That(hanoi["submitted"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(hanoi["onTime"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(hanoi["missing"]!.GetValue<int>(), Is.EqualTo(quarterly - 2));
        Assert.That(hanoi["completenessPct"]!.GetValue<decimal>(), Is.EqualTo(Math.Round(200m / quarterly, 2)));
        var caoBang = items.Single(i => i!["unit"]!.GetValue<string>() == "04")!;
        Assert.That(caoBang["late"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(caoBang["timelinessPct"]!.GetValue<decimal>(), Is.Zero);
        Assert.That(caoBang["missingIndicators"]!.AsArray().Select(i => i!.GetValue<string>()), Does.Not.Contain("BHYT_COVERAGE"));
    }

    [Test]
    public async Task A_former_province_is_expected_only_while_it_existed()
    {
        var q2 = (await Json(await Client().GetAsync(ApiRoutes.Compliance + "?period=2025Q2")))["items"]!.AsArray().Select(i => i!["unit"]!.GetValue<string>());
        var q3 = (await Json(await Client().GetAsync(ApiRoutes.Compliance + "?period=2025Q3")))["items"]!.AsArray().Select(i => i!["unit"]!.GetValue<string>());
        Assert.That(q2, Does.Contain("60").And.Not.Contain("68@2025-07-01"));
        Assert.That(q3, Does.Contain("68@2025-07-01").And.Not.Contain("60"));
        Assert.That(q3.Count(), Is.EqualTo(34));
    }

    [Test]
    public async Task Commune_deadlines_are_5_working_days()
    {
        var body = await Json(await Client().GetAsync(ApiRoutes.Compliance + "?period=2025Q3&level=commune&limit=1"));
        // 30 September 2025 + 5 working days: 1, 2, 3 October, then 6 and 7 October.
        Assert.That(body["items"]![0]!["dueDate"]!.GetValue<string>(), Is.EqualTo("2025-10-07"));
    }

    [Test]
    public async Task Reports_answer_csv()
    {
        foreach (var url in new[] { ApiRoutes.Gaps + "?format=csv", ApiRoutes.Compliance + "?period=2025Q3&format=csv", ApiRoutes.ScorecardUrl("51") + "?format=csv" })
        {
            var response = await Client().GetAsync(url);
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"), url);
            Assert.That((await response.Content.ReadAsByteArrayAsync())[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), url);
        }
    }

    [TestCase("period=2025Q5", "period")]
    [TestCase("period=2025Q3&level=planet", "level")]
    [TestCase("", "period")]
    public async Task Compliance_parameters_are_checked(string query, string field) =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Compliance + "?" + query), HttpStatusCode.BadRequest, field);
}

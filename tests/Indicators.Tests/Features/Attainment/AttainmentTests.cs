using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;
using Indicators.Api.Reporting;

namespace Indicators.Tests.Features.Attainment;

/// <summary>The worked cases of the attainment engine, through the HTTP API.</summary>
public sealed class AttainmentTests : ApiTest
{
    /// <summary>Saves and submits one value: reports count submitted values only.</summary>
    private async Task PutAsync(string unit, string period, object value)
    {
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl(unit, period), JsonBody(new { values = new[] { value }, submit = true }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> RowAsync(string query, string indicator, int year)
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?" + query)))["items"]!.AsArray();
        return items.Single(r => r!["indicator"]!.GetValue<string>() == indicator && r["year"]!.GetValue<int>() == year)!;
    }

    [Test]
    public async Task Binh_Thuan_at_95_meets_its_2025_target_but_not_the_2030_one()
    {
        await PutAsync("60", "2025Q2", new { indicator = "BHYT_COVERAGE", value = 95.00m });
        var y2025 = await RowAsync("unit=60", "BHYT_COVERAGE", 2025);
        Assert.That(y2025["status"]!.GetValue<string>(), Is.EqualTo("achieved"));
        Assert.That(y2025["met"]!.GetValue<bool>(), Is.True);
        Assert.That(y2025["actualPeriod"]!.GetValue<string>(), Is.EqualTo("2025Q2"));
        Assert.That(y2025["actualPeriodLabel"]!.GetValue<string>(), Is.EqualTo("Quý II/2025"));
        Assert.That(y2025["unitValidTo"]!.GetValue<string>(), Is.EqualTo("2025-06-30"));
        var y2030 = await RowAsync("unit=60&asOf=2025-06-30", "BHYT_COVERAGE", 2030);
        Assert.That(y2030["comparator"]!.GetValue<string>(), Is.EqualTo("gt"));
        Assert.That(y2030["met"]!.GetValue<bool>(), Is.False, "judged on its last day, 95.00 is not above 95");
        Assert.That(y2030["status"]!.GetValue<string>(), Is.Not.EqualTo("achieved"));
    }

    [Test]
    public async Task Binh_Thuans_2030_coverage_follows_its_former_communes_inside_Lam_Dong_and_is_unitEnded_without_them()
    {
        var communes = (await Json(await Client().GetAsync(ApiRoutes.Units + "?parent=68@2025-07-01&level=commune&limit=10000")))["items"]!.AsArray()
            .Where(u => u!["formedFromId"]?.GetValue<string>() == "60").Select(u => u!["id"]!.GetValue<string>()).ToList();
        Assert.That(communes, Has.Count.EqualTo(41), "the communes of the new Lâm Đồng formed wholly from former Bình Thuận communes");

        // A value above the target before the merger no longer judges a 2030 target once the province has ended.
        await PutAsync("60", "2025Q2", new { indicator = "BHYT_COVERAGE", value = 96m });
        var ended = await RowAsync("unit=60", "BHYT_COVERAGE", 2030);
        Assert.That((ended["status"]!.GetValue<string>(), ended["unitSuccessor"]!.GetValue<string>(), ended["unitSuccessorName"]!.GetValue<string>()),
            Is.EqualTo(("unitEnded", "68@2025-07-01", "Lâm Đồng")));
        Assert.That(ended["met"], Is.Null);

        // 40 communes at 9,600 insured of 10,000 and one at 9,000: Σ 393,000 / 410,000 = 95.853… %.
        var rows = communes.Select((id, i) => new
        {
            unit = id, period = "2026Q2", indicator = "BHYT_COVERAGE", value = (decimal?)null, numerator = i == 0 ? 9000m : 9600m, denominator = 10000m, comment = "",
        }).ToArray();
        var import = await Admin().PostAsync(ApiRoutes.Imports, JsonBody(new { rows }));
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.OK), await import.Content.ReadAsStringAsync());

        var judged = await RowAsync("unit=60", "BHYT_COVERAGE", 2030);
        Assert.That((judged["actualPeriod"]!.GetValue<string>(), judged["actualSource"]!.GetValue<string>(), judged["coveragePct"]!.GetValue<decimal>(),
            judged["actualValue"]!.GetValue<decimal>(), judged["met"]!.GetValue<bool>(), judged["status"]!.GetValue<string>()),
            Is.EqualTo(("2026Q2", "derived", 100m, 95.85m, true, "achieved")));
    }

    [Test]
    public async Task Quang_Ngai_2024_doctors_are_derived_as_a_ratio_of_sums_from_the_former_provinces()
    {
        await PutAsync("51", "2024", new { indicator = "DOCTORS_PER_10K", numerator = 1200, denominator = 1250000 });
        await PutAsync("62", "2024", new { indicator = "DOCTORS_PER_10K", numerator = 500, denominator = 580000 });
        var row = await RowAsync("unit=51@2025-07-01&asOf=2025-06-30", "DOCTORS_PER_10K", 2030);
        Assert.Multiple(() =>
        {
            // (1200 + 500) / (1,250,000 + 580,000) × 10,000 = 9.2896…; the mean of the two ratios would be 9.11.
            Assert.That(row["actualValue"]!.GetValue<decimal>(), Is.EqualTo(9.29m));
            Assert.That(row["actualSource"]!.GetValue<string>(), Is.EqualTo("derived"));
            Assert.That(row["coveragePct"]!.GetValue<decimal>(), Is.EqualTo(100m));
            Assert.That(row["actualPeriod"]!.GetValue<string>(), Is.EqualTo("2024"));
        });
    }

    [Test]
    public async Task With_only_one_former_province_reported_coverage_is_50_and_nothing_is_derived()
    {
        await PutAsync("51", "2024", new { indicator = "DOCTORS_PER_10K", numerator = 1200, denominator = 1250000 });
        var row = await RowAsync("unit=51@2025-07-01&asOf=2025-06-30", "DOCTORS_PER_10K", 2030);
        Assert.That(row["actualValue"], Is.Null);
        Assert.That(row["coveragePct"]!.GetValue<decimal>(), Is.EqualTo(50m));
        Assert.That(row["status"]!.GetValue<string>(), Is.EqualTo("noData"));
    }

    [Test]
    public async Task Between_4_and_5_doctors_a_station_is_achieved_by_5_5_beyond_the_band()
    {
        await PutAsync("51@2025-07-01", "2025", new { indicator = "DOCTORS_PER_COMMUNE_STATION", value = 5.5m });
        var row = await RowAsync("unit=51@2025-07-01", "DOCTORS_PER_COMMUNE_STATION", 2030);
        Assert.That(row["comparator"]!.GetValue<string>(), Is.EqualTo("between"));
        Assert.That(row["met"]!.GetValue<bool>(), Is.True, "more doctors than the band on a higher-is-better indicator is not a shortfall");
        Assert.That(row["beyondBand"]!.GetValue<bool>(), Is.True);
        Assert.That(row["status"]!.GetValue<string>(), Is.EqualTo("achieved"));
        Assert.That(row["gap"]!.GetValue<decimal>(), Is.EqualTo(0m));
        Assert.That(row["attainmentPct"]!.GetValue<decimal>(), Is.EqualTo(100m));
    }

    [Test]
    public async Task A_yearly_rise_of_the_health_budget_is_judged_against_the_year_before()
    {
        var created = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "STATE_HEALTH_BUDGET_SPENDING", unit = "01", year = 2025, comparator = "gt", value = 0, kind = "increaseOverPrevious", source = "Test 01/2025",
        }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That((await RowAsync("unit=01", "STATE_HEALTH_BUDGET_SPENDING", 2025))["status"]!.GetValue<string>(), Is.EqualTo("noBaseline"));

        await PutAsync("01", "2024", new { indicator = "STATE_HEALTH_BUDGET_SPENDING", value = 12500m });
        await PutAsync("01", "2025", new { indicator = "STATE_HEALTH_BUDGET_SPENDING", value = 13100m });
        var row = await RowAsync("unit=01", "STATE_HEALTH_BUDGET_SPENDING", 2025);
        Assert.That((row["baselineYear"]!.GetValue<int>(), row["targetValue"]!.GetValue<decimal>(), row["met"]!.GetValue<bool>(), row["status"]!.GetValue<string>()),
            Is.EqualTo((2024, 12500m, true, "achieved")));
    }

    [Test]
    public async Task A_flows_yearly_target_is_judged_on_the_whole_year_not_on_a_quarter()
    {
        var created = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "STATE_HEALTH_BUDGET_SPENDING", unit = "01", year = 2025, comparator = "gte", value = 1000, source = "Test 02/2025",
        }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        foreach (var quarter in new[] { "2025Q1", "2025Q2", "2025Q3" }) await PutAsync("01", quarter, new { indicator = "STATE_HEALTH_BUDGET_SPENDING", value = 300m });
        var partial = await RowAsync("unit=01&indicator=STATE_HEALTH_BUDGET_SPENDING", "STATE_HEALTH_BUDGET_SPENDING", 2025);
        Assert.That(partial["status"]!.GetValue<string>(), Is.EqualTo("noData"), "three quarters spent are not the year's spending");

        await PutAsync("01", "2025Q4", new { indicator = "STATE_HEALTH_BUDGET_SPENDING", value = 300m });
        var whole = await RowAsync("unit=01&indicator=STATE_HEALTH_BUDGET_SPENDING", "STATE_HEALTH_BUDGET_SPENDING", 2025);
        Assert.That((whole["actualPeriod"]!.GetValue<string>(), whole["actualValue"]!.GetValue<decimal>(), whole["status"]!.GetValue<string>()),
            Is.EqualTo(("2025", 1200m, "achieved")));
    }

    [Test]
    public async Task IncreaseOverPrevious_refuses_a_baseline_of_its_own_and_a_falling_comparator() =>
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "STATE_HEALTH_BUDGET_SPENDING", unit = "01", year = 2026, comparator = "lt", value = 0, kind = "increaseOverPrevious",
            baselineYear = 2020, baselineValue = 5, source = "x",
        })), HttpStatusCode.BadRequest, "comparator", "baselineYear", "baselineValue");

    [Test]
    public async Task Infant_mortality_of_14_against_at_most_12_5_attains_89_29_with_a_gap_of_1_5()
    {
        await PutAsync("VN", "2024", new { indicator = "INFANT_MORTALITY_PER_1000", value = 14m });
        var row = await RowAsync("unit=VN&asOf=2025-06-30", "INFANT_MORTALITY_PER_1000", 2025);
        Assert.That(row["attainmentPct"]!.GetValue<decimal>(), Is.EqualTo(89.29m));
        Assert.That(row["gap"]!.GetValue<decimal>(), Is.EqualTo(1.5m));
        Assert.That(row["met"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task A_report_read_right_after_a_write_reflects_it()
    {
        var before = await RowAsync("unit=60", "BHYT_COVERAGE", 2025);
        Assert.That(before["status"]!.GetValue<string>(), Is.EqualTo("noData"));
        await PutAsync("60", "2025Q1", new { indicator = "BHYT_COVERAGE", value = 94.2m });
        var after = await RowAsync("unit=60", "BHYT_COVERAGE", 2025);
        Assert.That(after["actualValue"]!.GetValue<decimal>(), Is.EqualTo(94.2m));
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("missed"));
    }

    [Test]
    public async Task A_relative_target_without_any_baseline_is_noBaseline()
    {
        var row = await RowAsync("unit=51@2025-07-01", "CHILD_HEIGHT_1_18", 2030);
        Assert.That(row["kind"]!.GetValue<string>(), Is.EqualTo("increaseBy"));
        Assert.That(row["status"]!.GetValue<string>(), Is.EqualTo("noBaseline"));
    }

    [Test]
    public async Task A_relative_target_takes_its_baseline_from_the_stored_value_of_the_baseline_year()
    {
        await PutAsync("51@2025-07-01", "2025", new { indicator = "CHILD_HEIGHT_1_18", value = 140.2m });
        var row = await RowAsync("unit=51@2025-07-01", "CHILD_HEIGHT_1_18", 2030);
        Assert.That(row["baselineValue"]!.GetValue<decimal>(), Is.EqualTo(140.2m));
        Assert.That(row["targetValue"]!.GetValue<decimal>(), Is.EqualTo(141.7m));
    }

    [Test]
    public async Task A_matchUnit_target_compares_with_the_reference_units_actual()
    {
        await PutAsync("VN", "2025", new { indicator = "UHC_SERVICE_COVERAGE_INDEX", value = 70m });
        await PutAsync("51@2025-07-01", "2025", new { indicator = "UHC_SERVICE_COVERAGE_INDEX", value = 66.5m });
        var row = await RowAsync("unit=51@2025-07-01", "UHC_SERVICE_COVERAGE_INDEX", 2045);
        Assert.That(row["targetValue"]!.GetValue<decimal>(), Is.EqualTo(70m));
        Assert.That(row["gap"]!.GetValue<decimal>(), Is.EqualTo(3.5m));
    }

    [Test]
    public async Task The_province_table_for_2030_has_every_own_target_and_a_status_in_every_province_for_cascaded_ones()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?year=2030&level=province")))["items"]!.AsArray();
        var own = await ScalarAsync("SELECT COUNT(*) FROM targets t JOIN units u ON u.id = t.unit_id WHERE t.year = 2030 AND u.level = 'province' AND t.deleted_at IS NULL");
        Assert.That(items.Count(r => !r!["inherited"]!.GetValue<bool>()), Is.EqualTo(own));
        Assert.That(items.Select(r => r!["status"]!.GetValue<string>()), Has.All.Not.Empty);
        Assert.That(items.Select(r => r!["unitLevel"]!.GetValue<string>()), Has.All.EqualTo("province"));

        var national = (await Json(await Client().GetAsync(ApiRoutes.Targets + "?unit=VN&year=2030")))["items"]!.AsArray();
        var cascaded = national.Where(t => t!["cascade"]!.GetValue<string>() != "none").Select(t => t!["indicator"]!.GetValue<string>()).ToList();
        Assert.That(cascaded, Does.Contain("DOCTORS_PER_10K").And.Contain("EPI_FULL_IMMUNIZATION"));
        var provinces = (await Json(await Client().GetAsync(ApiRoutes.Units + "?level=province")))["items"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToList();
        Assert.That(provinces, Has.Count.EqualTo(34));
        foreach (var indicator in cascaded)
        {
            var rows = items.Where(r => r!["indicator"]!.GetValue<string>() == indicator).ToList();
            Assert.That(rows.Select(r => r!["unit"]!.GetValue<string>()), Is.SupersetOf(provinces), indicator);
        }
        // The merged Quảng Ngãi has its own 2030 doctors target: judged on it, not on the country's.
        var doctors = items.Where(r => r!["indicator"]!.GetValue<string>() == "DOCTORS_PER_10K" && r["unit"]!.GetValue<string>() == "51@2025-07-01").ToList();
        Assert.That(doctors.Select(r => (r!["inherited"]!.GetValue<bool>(), r["targetValue"]!.GetValue<decimal>())), Is.EqualTo(new[] { (false, 13.1m) }));
        var inherited = items.First(r => r!["indicator"]!.GetValue<string>() == "DOCTORS_PER_10K" && r["unit"]!.GetValue<string>() == "01")!;
        Assert.That((inherited["inherited"]!.GetValue<bool>(), inherited["targetUnit"]!.GetValue<string>(), inherited["targetUnitName"]!.GetValue<string>(),
            inherited["source"]!.GetValue<string>(), inherited["targetValue"]!.GetValue<decimal>()),
            Is.EqualTo((true, "VN", "Việt Nam", "Quyết định 201/QĐ-TTg 27/02/2024", 19m)));
    }

    [Test]
    public async Task An_inherited_target_is_judged_on_the_provinces_own_values()
    {
        await PutAsync("01", "2025", new { indicator = "DOCTORS_PER_10K", value = 21.4m });
        var row = await RowAsync("unit=01", "DOCTORS_PER_10K", 2030);
        Assert.That((row["inherited"]!.GetValue<bool>(), row["actualValue"]!.GetValue<decimal>(), row["status"]!.GetValue<string>(), row["met"]!.GetValue<bool>()),
            Is.EqualTo((true, 21.4m, "achieved", true)));
        var scorecard = await Json(await Client().GetAsync(ApiRoutes.ScorecardUrl("51@2025-07-01") + "?year=2030"));
        var rows = scorecard["items"]!.AsArray();
        Assert.That(rows.Select(r => r!["inherited"]!.GetValue<bool>()), Is.Ordered, "own targets first");
        Assert.That(rows.Where(r => r!["inherited"]!.GetValue<bool>()).Select(r => r!["targetUnit"]!.GetValue<string>()), Has.All.EqualTo("VN").And.Not.Empty);
    }

    [Test]
    public async Task Status_and_indicator_filters_apply()
    {
        await PutAsync("60", "2025Q2", new { indicator = "BHYT_COVERAGE", value = 95.00m });
        var achieved = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?status=achieved")))["items"]!.AsArray();
        Assert.That(achieved, Has.Count.EqualTo(1));
        var bhyt = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?indicator=BHYT_COVERAGE")))["items"]!.AsArray();
        Assert.That(bhyt.Select(r => r!["indicator"]!.GetValue<string>()), Has.All.EqualTo("BHYT_COVERAGE"));
        Assert.That(bhyt.Count(r => !r!["inherited"]!.GetValue<bool>()), Is.EqualTo(await ScalarAsync("SELECT COUNT(*) FROM targets WHERE indicator_code = 'BHYT_COVERAGE'")));
        // The national 2025 floor reaches the 34 provinces of the end of 2025, none of which has a 2025 target of its own.
        Assert.That(bhyt.Where(r => r!["inherited"]!.GetValue<bool>()).Select(r => (r!["year"]!.GetValue<int>(), r["targetUnit"]!.GetValue<string>())).Distinct(),
            Is.EqualTo(new[] { (2025, "VN") }));
        Assert.That(bhyt.Count(r => r!["inherited"]!.GetValue<bool>()), Is.EqualTo(34));
    }

    [Test]
    public async Task Pages_cover_every_row_once()
    {
        static string Key(JsonNode? r) => r!["targetId"]!.GetValue<long>() + "|" + r["unit"]!.GetValue<string>();
        var all = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?limit=10000")))["items"]!.AsArray().Select(Key).ToList();
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var body = await Json(await Client().GetAsync(ApiRoutes.Attainment + "?limit=997" + (cursor is null ? "" : "&cursor=" + cursor)));
            paged.AddRange(body["items"]!.AsArray().Select(Key));
            cursor = body["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.That(paged, Is.EqualTo(all));
        Assert.That(all, Is.Unique);
    }

    [Test]
    public async Task Csv_has_a_bom_a_header_and_one_row_per_target()
    {
        var response = await Client().GetAsync(ApiRoutes.Attainment + "?year=2030&format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("targetId,indicator,indicatorName,"));
        Assert.That(lines[0], Does.Contain(",gapPct,progressPct,expectedNow,observedPerYear,requiredPerYear,projected,status"));
        var json = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?year=2030")))["items"]!.AsArray();
        Assert.That(lines, Has.Length.EqualTo(json.Count + 1));
    }

    [Test]
    public async Task If_None_Match_gives_304_until_a_write()
    {
        var first = await Client().GetAsync(ApiRoutes.Attainment + "?year=2030");
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Attainment + "?year=2030");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.That((await Client().SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        await PutAsync("60", "2025Q2", new { indicator = "BHYT_COVERAGE", value = 95.00m });
        var again = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Attainment + "?year=2030");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.That((await Client().SendAsync(again)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("status=great", "status")]
    [TestCase("level=galaxy", "level")]
    [TestCase("asOf=yesterday", "asOf")]
    [TestCase("year=1999", "year")]
    [TestCase("unit=ZZ", "unit")]
    public async Task Bad_filters_are_400(string query, string field) =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Attainment + "?" + query), HttpStatusCode.BadRequest, field);
}

/// <summary>The minimum coverage for a derived value is configurable.</summary>
public sealed class AttainmentCoverageTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Attainment:MinCoveragePct"] = "50" };

    [Test]
    public async Task With_a_50_percent_minimum_one_of_two_former_provinces_is_enough()
    {
        await Admin().PutAsync(ApiRoutes.SubmissionUrl("51", "2024"), JsonBody(new { values = new[] { new { indicator = "DOCTORS_PER_10K", numerator = 1200, denominator = 1250000 } }, submit = true }));
        var items = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?unit=51@2025-07-01&asOf=2025-06-30&indicator=DOCTORS_PER_10K")))["items"]!.AsArray();
        var row = items.Single()!;
        Assert.That(row["actualValue"]!.GetValue<decimal>(), Is.EqualTo(9.6m));
        Assert.That(row["coveragePct"]!.GetValue<decimal>(), Is.EqualTo(50m));
        Assert.That(row["actualSource"]!.GetValue<string>(), Is.EqualTo("derived"));
    }

    [Test]
    public async Task A_page_the_index_has_no_room_to_keep_reads_exactly_like_a_kept_one()
    {
        const string url = ApiRoutes.Attainment + "?year=2030&limit=50";
        var kept = await Client().GetAsync(url);
        var keptBody = await kept.Content.ReadAsByteArrayAsync();
        Service<ValueIndexCache>().Invalidate();
        var index = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;
        var filler = new AttainmentKey(new AttainmentFilter(1999, null, null, null, null, null), new DateOnly(1999, 1, 1));
        index.RememberPage(filler, null, 1, new byte[ValueIndex.MaxRememberedPageBytes]);

        var streamed = await Client().GetAsync(url);

        Assert.That(index.HasRoomForPage(1), Is.False);
        Assert.That(await streamed.Content.ReadAsByteArrayAsync(), Is.EqualTo(keptBody));
        Assert.That((streamed.StatusCode, streamed.Content.Headers.ContentType?.ToString(), streamed.Headers.ETag),
            Is.EqualTo((kept.StatusCode, kept.Content.Headers.ContentType?.ToString(), kept.Headers.ETag)));
    }
}

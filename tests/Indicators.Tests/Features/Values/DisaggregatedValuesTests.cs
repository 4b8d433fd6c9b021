using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Values;

/// <summary>Values and targets by sex, age group, urban/rural and ethnicity: written, checked, listed, audited, rolled up and judged like totals.</summary>
public sealed class DisaggregatedValuesTests : ApiTest
{
    /// <summary>Lai Châu: a province the 2025 reform left alone, with 38 communes.</summary>
    private const string LaiChau = "12";

    private static object Value(string indicator, decimal value, object? disaggregation = null) => new { indicator, value, disaggregation };

    private Task<HttpResponseMessage> SaveAsync(string unit, string period, params object[] values) =>
        Admin().PutAsJsonAsync(ApiRoutes.SubmissionUrl(unit, period), new { values, submit = true });

    [Test]
    public async Task The_2025_height_targets_by_sex_are_judged_on_sex_disaggregated_values()
    {
        var saved = await SaveAsync("VN", "2025", Value("HEIGHT_18", 166.2m, new { sex = "male" }), Value("HEIGHT_18", 156.4m, new { sex = "female" }));
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        var values = (await Json(saved))["values"]!.AsArray();
        Assert.That(values.Select(v => v!["disaggregation"]!["sex"]!.GetValue<string>()), Is.EquivalentTo(new[] { "male", "female" }));

        var rows = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?indicator=HEIGHT_18&year=2025&asOf=2026-06-30")))["items"]!.AsArray();
        var bySex = rows.ToDictionary(r => r!["disaggregation"]!.GetValue<string>());
        Assert.That(bySex.Keys, Is.EquivalentTo(new[] { "sex:male", "sex:female" }));
        Assert.That(bySex["sex:male"]!["targetValue"]!.GetValue<decimal>(), Is.EqualTo(167m));
        Assert.That(bySex["sex:male"]!["actualValue"]!.GetValue<decimal>(), Is.EqualTo(166.2m));
        Assert.That(bySex["sex:male"]!["status"]!.GetValue<string>(), Is.EqualTo("missed"));
        Assert.That(bySex["sex:female"]!["targetValue"]!.GetValue<decimal>(), Is.EqualTo(156m));
        Assert.That(bySex["sex:female"]!["status"]!.GetValue<string>(), Is.EqualTo("achieved"));

        var female = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?indicator=HEIGHT_18&disaggregation=sex:female")))["items"]!.AsArray();
        Assert.That(female.Select(r => r!["disaggregation"]!.GetValue<string>()), Is.EqualTo(new[] { "sex:female" }));
        var totals = (await Json(await Client().GetAsync(ApiRoutes.Attainment + "?indicator=HEIGHT_18&disaggregation=total")))["items"]!.AsArray();
        Assert.That(totals, Is.Empty);
    }

    [Test]
    public async Task A_combination_the_indicator_does_not_declare_or_an_unknown_option_is_a_400_naming_the_field()
    {
        var undeclared = await SaveAsync("VN", "2025", Value("HEIGHT_18", 160m, new { ethnicity = "kinh" }));
        await AssertProblem(undeclared, HttpStatusCode.BadRequest, "values[0].disaggregation");
        var unknown = await SaveAsync("VN", "2025", Value("HEIGHT_18", 160m), Value("HEIGHT_18", 160m, new { sex = "other" }));
        await AssertProblem(unknown, HttpStatusCode.BadRequest, "values[1].disaggregation.sex");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task A_total_and_its_options_are_separate_values_and_a_sum_that_disagrees_is_a_warning()
    {
        var saved = await SaveAsync("VN", "2025", Value("POPULATION", 101_000_000m), Value("POPULATION", 50_000_000m, new { sex = "male" }),
            Value("POPULATION", 50_500_000m, new { sex = "female" }));
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        var body = await Json(saved);
        Assert.That(body["values"]!.AsArray(), Has.Count.EqualTo(3));
        Assert.That(body["warnings"]!.AsArray().Select(w => w!["message"]!.GetValue<string>()), Has.Some.Contains("sum of its sex options"));

        var fixedUp = await Json(await Admin().PutAsJsonAsync(ApiRoutes.SubmissionUrl("VN", "2025"),
            new { values = new[] { new { indicator = "POPULATION", value = 100_500_000m, comment = "the sum of men and women" } } }));
        Assert.That(fixedUp["warnings"]!.AsArray(), Is.Empty, fixedUp.ToJsonString());
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'POPULATION'"), Is.EqualTo(3));
    }

    [Test]
    public async Task Age_groups_overlap_so_they_make_up_no_total_and_are_not_checked_against_one()
    {
        var categories = (await Json(await Client().GetAsync(ApiRoutes.Categories)))["items"]!.AsArray()
            .ToDictionary(c => c!["code"]!.GetValue<string>(), c => c!["addsUp"]!.GetValue<bool>());
        Assert.That(categories, Is.EqualTo(new Dictionary<string, bool> { ["ageGroup"] = false, ["area"] = true, ["ethnicity"] = true, ["sex"] = true }));

        // Every age group of a province's population, without its total: under 1 lies within under 5, so no total is made of them.
        var groups = new[] { ("under1", 20_000m), ("under5", 100_000m), ("y1_18", 300_000m), ("y15_49", 600_000m), ("y60plus", 150_000m) };
        var saved = await SaveAsync("VN", "2025", groups.Select(g => Value("POPULATION", g.Item2, new { ageGroup = g.Item1 })).Append(Value("POPULATION", 1_250_000m)).ToArray());
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        Assert.That((await Json(saved))["warnings"]!.AsArray(), Is.Empty, "1.25 million is not the sum of overlapping groups, nor should it be");

        var province = (await Json(await Client().GetAsync(ApiRoutes.Units + "?level=province&limit=1")))["items"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var split = await SaveAsync(province, "2025", groups.Select(g => Value("POPULATION", g.Item2, new { ageGroup = g.Item1 })).ToArray());
        Assert.That(split.StatusCode, Is.EqualTo(HttpStatusCode.OK), await split.Content.ReadAsStringAsync());
        var totals = (await Json(await Client().GetAsync(ApiRoutes.Values + $"?indicator=POPULATION&unit={Uri.EscapeDataString(province)}&source=derived&disaggregation=total")))["items"]!.AsArray();
        Assert.That(totals.Where(t => t!["period"]!.GetValue<string>() == "2025"), Is.Empty);
    }

    [Test]
    public async Task Every_bulk_path_warns_of_a_total_that_differs_from_the_sum_of_its_options_and_keeps_the_values()
    {
        // JSON: the total and its split in one load; the warning names the first row of them.
        var json = await Admin().ImportJson(new object[]
        {
            ImportRequests.Row("01", "2025", "DOCTORS_PER_10K", value: 20m),
            new { unit = "VN", period = "2025", indicator = "POPULATION", value = 101_000_000m },
            new { unit = "VN", period = "2025", indicator = "POPULATION", value = 50_000_000m, disaggregation = new { sex = "male" } },
            new { unit = "VN", period = "2025", indicator = "POPULATION", value = 50_500_000m, disaggregation = new { sex = "female" } },
        });
        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK), await json.Content.ReadAsStringAsync());
        var warning = (await Json(json))["warnings"]!.AsArray().Single()!;
        Assert.That(warning["row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That((warning["indicator"]!.GetValue<string>(), warning["unit"]!.GetValue<string>(), warning["period"]!.GetValue<string>()), Is.EqualTo(("POPULATION", "VN", "2025")));
        Assert.That(warning["message"]!.GetValue<string>(), Does.Contain("sum of its sex options"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'POPULATION'"), Is.EqualTo(3));

        // CSV: only the men, against the total and the women stored before; a dry run answers as the load would leave them.
        var dryRun = await Json(await Admin().ImportCsv(ImportRequests.Header + ",sex\nVN,2025,POPULATION,50500000,,,recounted,male\n", "?dryRun=true"));
        Assert.That(dryRun["warnings"]!.AsArray(), Is.Empty, "50.5 + 50.5 million is the total: " + dryRun.ToJsonString());
        var disagreeing = await Json(await Admin().ImportCsv(ImportRequests.Header + ",sex\nVN,2025,POPULATION,40000000,,,recounted,male\n"));
        Assert.That(disagreeing["warnings"]!.AsArray().Single()!["row"]!.GetValue<int>(), Is.EqualTo(1), disagreeing.ToJsonString());

        // DHIS2 and ADX: a warning beside the conflicts, the status stays SUCCESS.
        var set = new
        {
            dataValues = new object[]
            {
                new { dataElement = "POPULATION", period = "2024", orgUnit = "VN", value = "100000000" },
                new { dataElement = "POPULATION", period = "2024", orgUnit = "VN", categoryOptionCombo = "sex:male", value = "49000000" },
                new { dataElement = "POPULATION", period = "2024", orgUnit = "VN", categoryOptionCombo = "sex:female", value = "50000000" },
            },
        };
        var dhis2 = await Json(await Admin().PostAsJsonAsync("/api/v1/dataValueSets", set));
        Assert.That(dhis2["response"]!["status"]!.GetValue<string>(), Is.EqualTo("SUCCESS"), dhis2.ToJsonString());
        var dhis2Warning = dhis2["response"]!["warnings"]!.AsArray().Single()!;
        Assert.That((dhis2Warning["dataElement"]!.GetValue<string>(), dhis2Warning["orgUnit"]!.GetValue<string>(), dhis2Warning["index"]!.GetValue<int>()),
            Is.EqualTo(("POPULATION", "VN", 0)));
        Assert.That(dhis2Warning["value"]!.GetValue<string>(), Does.Contain("99000000"));
        var adx = """
            <adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-01-05T00:00:00Z">
              <group orgUnit="VN" period="2023-01-01/P1Y">
                <dataValue dataElement="POPULATION" value="99000000"/>
                <dataValue dataElement="POPULATION" sex="male" value="49000000"/>
                <dataValue dataElement="POPULATION" sex="female" value="49000000"/>
              </group>
            </adx>
            """;
        var adxAnswer = await Json(await Admin().PostAsync("/api/v1/dataValueSets", new StringContent(adx, System.Text.Encoding.UTF8, "application/adx+xml")));
        Assert.That(adxAnswer["response"]!["warnings"]!.AsArray().Single()!["period"]!.GetValue<string>(), Is.EqualTo("2023"), adxAnswer.ToJsonString());
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'POPULATION'"), Is.EqualTo(9));
    }

    [Test]
    public async Task The_values_list_and_the_audit_trail_carry_and_filter_the_disaggregation()
    {
        await SaveAsync("VN", "2025", Value("POPULATION", 100_500_000m), Value("POPULATION", 50_000_000m, new { sex = "male" }),
            Value("POPULATION", 50_500_000m, new { sex = "female" }), Value("POPULATION", 7_000_000m, new { ageGroup = "under5", sex = "male" }));

        async Task<string[]> Listed(string query) =>
            (await Json(await Client().GetAsync(ApiRoutes.Values + "?indicator=POPULATION&unit=VN" + query)))["items"]!.AsArray()
                .Select(v => v!["disaggregation"]?.GetValue<string>() ?? "").ToArray();
        Assert.That(await Listed(""), Is.EqualTo(new[] { "", "ageGroup:under5;sex:male", "sex:female", "sex:male" }));
        Assert.That(await Listed("&disaggregation=total"), Is.EqualTo(new[] { "" }));
        Assert.That(await Listed("&disaggregation=sex:female"), Is.EqualTo(new[] { "sex:female" }));
        Assert.That(await Listed("&disaggregation=sex:male;ageGroup:under5"), Is.EqualTo(new[] { "ageGroup:under5;sex:male" }));
        Assert.That(await Listed("&category=ageGroup"), Is.EqualTo(new[] { "ageGroup:under5;sex:male" }));
        Assert.That(await Listed("&category=sex"), Is.EqualTo(new[] { "ageGroup:under5;sex:male", "sex:female", "sex:male" }));
        await AssertProblem(await Client().GetAsync(ApiRoutes.Values + "?disaggregation=sex"), HttpStatusCode.BadRequest, "disaggregation");

        // Paging walks the rows that differ only by disaggregation one by one.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Json(await Client().GetAsync(ApiRoutes.Values + "?indicator=POPULATION&unit=VN&limit=1" + (cursor is null ? "" : "&cursor=" + cursor)));
            seen.AddRange(page["items"]!.AsArray().Select(v => v!["disaggregation"]?.GetValue<string>() ?? ""));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.That(seen, Is.EqualTo(await Listed("")));

        var audit = (await Json(await Admin().GetAsync(ApiRoutes.ValueAudit + "?indicator=POPULATION&disaggregation=sex:female")))["items"]!.AsArray();
        Assert.That(audit.Select(a => (a!["disaggregation"]!.GetValue<string>(), a["newValue"]!.GetValue<decimal>())), Is.EqualTo(new[] { ("sex:female", 50_500_000m) }));
    }

    [Test]
    public async Task A_csv_import_takes_optional_category_columns_and_the_exact_header_still_works()
    {
        var csv = ImportRequests.Header + ",sex,ageGroup\n"
            + "VN,2025,POPULATION,100500000,,,,,\n"
            + "VN,2025,POPULATION,50000000,,,,male,\n"
            + "VN,2025,POPULATION,7000000,,,,male,under5\n";
        var response = await Admin().ImportCsv(csv);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await Json(response))["imported"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE disaggregation = 'ageGroup:under5;sex:male'"), Is.EqualTo(1));

        var bad = await Admin().ImportCsv(ImportRequests.Header + ",ethnicity\nVN,2025,HEIGHT_18,160,,,,kinh\n");
        await AssertProblem(bad, HttpStatusCode.BadRequest, "rows[0].disaggregation");
        var plain = await Admin().ImportCsv(ImportRequests.Header + "\nVN,2025,HEIGHT_18,161.5,,,\n");
        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.OK), await plain.Content.ReadAsStringAsync());
        await AssertProblem(await Admin().ImportCsv(ImportRequests.Header + ",Sex\nVN,2025,HEIGHT_18,161.5,,,,male\n"), HttpStatusCode.BadRequest, "header");
    }

    [Test]
    public async Task A_province_coverage_by_ethnicity_rolls_up_from_its_communes_and_derives_the_totals()
    {
        var communes = (await Json(await Client().GetAsync(ApiRoutes.Units + $"?parent={LaiChau}&level=commune&limit=1000")))["items"]!.AsArray()
            .Select(u => u!["id"]!.GetValue<string>()).ToList();
        Assert.That(communes, Has.Count.EqualTo(38));
        var rows = communes.SelectMany(c => new object[]
        {
            new { unit = c, period = "2025Q4", indicator = "BHYT_COVERAGE", numerator = 900m, denominator = 1000m, disaggregation = new { ethnicity = "minority" } },
            new { unit = c, period = "2025Q4", indicator = "BHYT_COVERAGE", numerator = 480m, denominator = 500m, disaggregation = new { ethnicity = "kinh" } },
        }).ToArray();
        var imported = await Admin().ImportJson(rows);
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());

        async Task<JsonNode?> Derived(string disaggregation) =>
            (await Json(await Client().GetAsync(ApiRoutes.Values + $"?indicator=BHYT_COVERAGE&unit={LaiChau}&source=derived&disaggregation={disaggregation}")))["items"]!
                .AsArray().SingleOrDefault();
        var minority = await Derived("ethnicity:minority");
        Assert.That(minority!["value"]!.GetValue<decimal>(), Is.EqualTo(90m));
        Assert.That(minority["coveragePct"]!.GetValue<decimal>(), Is.EqualTo(100m));
        Assert.That(minority["numerator"]!.GetValue<decimal>(), Is.EqualTo(900m * 38));
        Assert.That((await Derived("ethnicity:kinh"))!["value"]!.GetValue<decimal>(), Is.EqualTo(96m));
        // No total was reported anywhere: each commune's comes from its complete ethnicity split, and the province's from theirs.
        var total = await Derived("total");
        Assert.That(total!["value"]!.GetValue<decimal>(), Is.EqualTo(92m));
        Assert.That(total["source"]!.GetValue<string>(), Is.EqualTo("derived"));

        // The equity report puts the groups beside the overall value and the reference group (Kinh).
        var equity = await Json(await Client().GetAsync(ApiRoutes.Equity + $"?indicator=BHYT_COVERAGE&unit={LaiChau}&year=2025&category=ethnicity&asOf=2026-06-30"));
        Assert.That(equity["overall"]!["value"]!.GetValue<decimal>(), Is.EqualTo(92m));
        Assert.That(equity["reference"]!.GetValue<string>(), Is.EqualTo("kinh"));
        var groups = equity["groups"]!.AsArray().ToDictionary(g => g!["option"]!.GetValue<string>());
        Assert.That(groups.Keys, Is.EqualTo(new[] { "kinh", "minority" }));
        Assert.That(groups["minority"]!["value"]!.GetValue<decimal>(), Is.EqualTo(90m));
        Assert.That(groups["minority"]!["differenceFromOverall"]!.GetValue<decimal>(), Is.EqualTo(-2m));
        Assert.That(groups["minority"]!["ratioToOverall"]!.GetValue<decimal>(), Is.EqualTo(0.9783m));
        Assert.That(groups["minority"]!["differenceFromReference"]!.GetValue<decimal>(), Is.EqualTo(-6m));
        Assert.That(groups["minority"]!["ratioToReference"]!.GetValue<decimal>(), Is.EqualTo(0.9375m));
        Assert.That(groups["kinh"]!["ratioToReference"]!.GetValue<decimal>(), Is.EqualTo(1m));
        await AssertProblem(await Client().GetAsync(ApiRoutes.Equity + $"?indicator=BHYT_COVERAGE&unit={LaiChau}&year=2025&category=religion"),
            HttpStatusCode.BadRequest, "category");
    }

    [Test]
    public async Task A_total_not_reported_is_derived_from_a_complete_cross_of_two_categories_unless_one_category_is_complete()
    {
        var declared = await Admin().PutAsJsonAsync("/api/v1/indicators/BHYT_COVERAGE/disaggregations", new { combos = new[] { "sex", "area+sex" } });
        Assert.That(declared.StatusCode, Is.EqualTo(HttpStatusCode.OK), await declared.Content.ReadAsStringAsync());
        object Cell(string period, string area, string sex, decimal numerator, decimal denominator) =>
            new { unit = LaiChau, period, indicator = "BHYT_COVERAGE", numerator, denominator, disaggregation = new { area, sex } };
        object BySex(string period, string sex, decimal numerator, decimal denominator) =>
            new { unit = LaiChau, period, indicator = "BHYT_COVERAGE", numerator, denominator, disaggregation = new { sex } };
        var imported = await Admin().ImportJson(new[]
        {
            Cell("2025Q3", "urban", "male", 100, 200), Cell("2025Q3", "urban", "female", 150, 200),
            Cell("2025Q3", "rural", "male", 300, 400), Cell("2025Q3", "rural", "female", 350, 400),
            // In the fourth quarter the cross is complete and so is a split by sex, with other figures: the split by one category counts.
            Cell("2025Q4", "urban", "male", 100, 200), Cell("2025Q4", "urban", "female", 150, 200),
            Cell("2025Q4", "rural", "male", 300, 400), Cell("2025Q4", "rural", "female", 350, 400),
            BySex("2025Q4", "male", 1, 2), BySex("2025Q4", "female", 3, 6),
        });
        Assert.That(imported.StatusCode, Is.EqualTo(HttpStatusCode.OK), await imported.Content.ReadAsStringAsync());

        var totals = (await Json(await Client().GetAsync($"/api/v1/values?indicator=BHYT_COVERAGE&unit={LaiChau}&source=derived&disaggregation=total")))["items"]!
            .AsArray().ToDictionary(v => v!["period"]!.GetValue<string>());
        Assert.That(totals.Keys, Is.EquivalentTo(new[] { "2025Q3", "2025Q4" }));
        // Σ numerators / Σ denominators of the four sex × area cells: 900 / 1200.
        Assert.That(totals["2025Q3"]!["value"]!.GetValue<decimal>(), Is.EqualTo(75m));
        Assert.That(totals["2025Q3"]!["numerator"]!.GetValue<decimal>(), Is.EqualTo(900m));
        // The sex split: 4 / 8.
        Assert.That(totals["2025Q4"]!["value"]!.GetValue<decimal>(), Is.EqualTo(50m));
        Assert.That(totals["2025Q4"]!["numerator"]!.GetValue<decimal>(), Is.EqualTo(4m));
    }

    [Test]
    public async Task A_target_on_a_disaggregation_must_be_declared_and_cascades_like_a_total()
    {
        var refused = await Admin().PostAsJsonAsync(ApiRoutes.Targets, new
        {
            indicator = "HEIGHT_18", unit = "VN", year = 2030, comparator = "gte", value = 168m, source = "test", disaggregation = new { area = "urban" },
        });
        await AssertProblem(refused, HttpStatusCode.BadRequest, "disaggregation");

        var created = await Admin().PostAsJsonAsync(ApiRoutes.Targets, new
        {
            indicator = "BHYT_COVERAGE", unit = "VN", year = 2030, comparator = "gte", value = 95m, source = "test",
            disaggregation = new { ethnicity = "minority" }, cascade = "provinces", cascadeReason = "a floor for every province",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That((await Json(created))["disaggregation"]!.GetValue<string>(), Is.EqualTo("ethnicity:minority"));

        await Admin().ImportJson(new object[]
        {
            new { unit = LaiChau, period = "2025Q4", indicator = "BHYT_COVERAGE", value = 88m, disaggregation = new { ethnicity = "minority" } },
        });
        var rows = (await Json(await Client().GetAsync(ApiRoutes.Attainment + $"?indicator=BHYT_COVERAGE&year=2030&unit={LaiChau}&disaggregation=ethnicity:minority")))["items"]!.AsArray();
        var row = rows.Single()!;
        Assert.That(row["inherited"]!.GetValue<bool>(), Is.True);
        Assert.That(row["actualValue"]!.GetValue<decimal>(), Is.EqualTo(88m));
        Assert.That(row["targetValue"]!.GetValue<decimal>(), Is.EqualTo(95m));
    }

    [Test]
    public async Task The_targets_list_filters_by_disaggregation_and_names_an_unknown_one()
    {
        async Task<string?[]> Listed(string query) =>
            (await Json(await Client().GetAsync("/api/v1/targets?indicator=HEIGHT_18" + query)))["items"]!.AsArray()
                .Select(t => t!["disaggregation"]?.GetValue<string>()).ToArray();
        Assert.That(await Listed(""), Is.EquivalentTo(new[] { "sex:male", "sex:female" }));
        Assert.That(await Listed("&disaggregation="), Is.EquivalentTo(new[] { "sex:male", "sex:female" }), "empty is every one");
        Assert.That(await Listed("&disaggregation=sex:male"), Is.EqualTo(new[] { "sex:male" }));
        Assert.That(await Listed("&disaggregation=total"), Is.Empty);

        var created = await Admin().PostAsJsonAsync("/api/v1/targets", new { indicator = "HEIGHT_18", unit = "VN", year = 2030, comparator = "gte", value = 165m, source = "test" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(await Listed("&disaggregation=total"), Is.EqualTo(new string?[] { null }));

        await AssertProblem(await Client().GetAsync("/api/v1/targets?disaggregation=sex:other"), HttpStatusCode.BadRequest, "disaggregation");
        await AssertProblem(await Client().GetAsync("/api/v1/targets?disaggregation=religion:none"), HttpStatusCode.BadRequest, "disaggregation");
        await AssertProblem(await Client().GetAsync("/api/v1/targets?disaggregation=sex"), HttpStatusCode.BadRequest, "disaggregation");
    }

    [Test]
    public async Task The_categories_are_listed_and_an_admin_adds_an_option_and_declares_combinations()
    {
        var categories = (await Json(await Client().GetAsync(ApiRoutes.Categories)))["items"]!.AsArray();
        Assert.That(categories.Select(c => c!["code"]!.GetValue<string>()), Is.EqualTo(new[] { "ageGroup", "area", "ethnicity", "sex" }));
        var sex = categories.Single(c => c!["code"]!.GetValue<string>() == "sex")!;
        Assert.That(sex["options"]!.AsArray().Select(o => o!["nameVi"]!.GetValue<string>()), Is.EqualTo(new[] { "Nam", "Nữ" }));
        Assert.That(sex["indicators"]!.AsArray().Select(i => i!["indicator"]!.GetValue<string>()), Does.Contain("HEIGHT_18"));

        var added = await Admin().PutAsJsonAsync(ApiRoutes.CategoryOptionUrl("ageGroup", "y18"), new { nameVi = "18 tuổi", nameEn = "Aged 18", sort = 6 });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        var again = await Admin().PutAsJsonAsync(ApiRoutes.CategoryOptionUrl("ageGroup", "y18"), new { nameVi = "18 tuổi", nameEn = "Aged 18", sort = 6 });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'category' AND entity_key = 'ageGroup:y18'"), Is.EqualTo(1));
        await AssertProblem(await Admin().PutAsJsonAsync(ApiRoutes.CategoryOptionUrl("religion", "x"), new { nameVi = "x", nameEn = "x", sort = 1 }), HttpStatusCode.NotFound);
        await AssertProblem(await Admin().PutAsJsonAsync(ApiRoutes.CategoryOptionUrl("sex", "bad-code"), new { nameVi = "x", nameEn = "x", sort = 1 }), HttpStatusCode.BadRequest, "code");

        var refused = await SaveAsync("VN", "2025", Value("HEIGHT_18", 165m, new { ageGroup = "y18", sex = "male" }));
        await AssertProblem(refused, HttpStatusCode.BadRequest, "values[0].disaggregation");
        var declared = await Admin().PutAsJsonAsync(ApiRoutes.IndicatorDisaggregationsUrl("HEIGHT_18"), new { combos = new[] { "sex", "sex+ageGroup" } });
        Assert.That((await Json(declared))["combos"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "ageGroup+sex", "sex" }));
        var accepted = await SaveAsync("VN", "2025", Value("HEIGHT_18", 165m, new { ageGroup = "y18", sex = "male" }));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), await accepted.Content.ReadAsStringAsync());
        await AssertProblem(await Admin().PutAsJsonAsync(ApiRoutes.IndicatorDisaggregationsUrl("HEIGHT_18"), new { combos = new[] { "religion" } }),
            HttpStatusCode.BadRequest, "combos[0]");
        await AssertProblem(await Admin().PutAsJsonAsync(ApiRoutes.IndicatorDisaggregationsUrl("NO_SUCH"), new { combos = new[] { "sex" } }), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Dhis2_option_combos_and_adx_attributes_name_the_disaggregation_and_adx_round_trips()
    {
        var set = new
        {
            dataValues = new object[]
            {
                new { dataElement = "HEIGHT_18", period = "2025", orgUnit = "VN", categoryOptionCombo = "sex:female", value = "156.4" },
                new { dataElement = "HEIGHT_18", period = "2025", orgUnit = "VN", categoryOptionCombo = "HllvX50cXC0", value = "161.1" },
                new { dataElement = "HEIGHT_18", period = "2025", orgUnit = "VN", categoryOptionCombo = "ethnicity:kinh", value = "160" },
            },
        };
        var response = await Json(await Admin().PostAsJsonAsync(ApiRoutes.DataValueSets, set));
        Assert.That(response["response"]!["importCount"]!["imported"]!.GetValue<int>(), Is.EqualTo(2), response.ToJsonString());
        Assert.That(response["response"]!["conflicts"]!.AsArray(), Has.Count.EqualTo(1), response.ToJsonString());
        var conflict = response["response"]!["conflicts"]!.AsArray()[0]!;
        Assert.That(conflict["errorCode"]!.GetValue<string>(), Is.EqualTo("E7613"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'HEIGHT_18' AND disaggregation = 'sex:female'"), Is.EqualTo(1));

        var adx = await Admin().GetAsync(ApiRoutes.Values + "?indicator=HEIGHT_18&format=adx");
        var xml = await adx.Content.ReadAsStringAsync();
        Assert.That(xml, Does.Contain("sex=\"female\""));
        var back = xml.Replace("156.4", "156.9", StringComparison.Ordinal);
        var posted = await Admin().PostAsync(ApiRoutes.DataValueSets + "?reason=ADX%20correction", new StringContent(back, System.Text.Encoding.UTF8, "application/adx+xml"));
        var summary = await Json(posted);
        Assert.That(summary["response"]!["importCount"]!["updated"]!.GetValue<int>(), Is.EqualTo(1), summary.ToJsonString());
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE disaggregation = 'sex:female' AND ABS(value - 156.9) < 0.0001"), Is.EqualTo(1));
    }
}

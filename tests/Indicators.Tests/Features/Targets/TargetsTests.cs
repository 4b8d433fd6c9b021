using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Targets;

public sealed class TargetsTests : ApiTest
{
    private static object NewTarget(decimal value = 13.1m) => new
    {
        indicator = "DOCTORS_PER_10K", unit = "51", year = 2035, comparator = "gte", value, source = "Test document 01/2026",
    };

    private async Task<JsonNode> CreateAsync(object? target = null)
    {
        var response = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(target ?? NewTarget()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    private async Task<HttpResponseMessage> UpdateAsync(long id, string? ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, ApiRoutes.TargetUrl(id)) { Content = JsonBody(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return await Admin().SendAsync(request);
    }

    [Test]
    public async Task The_seeded_targets_of_Quang_Ngai_are_listed_by_bare_code()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Targets + "?unit=51")))["items"]!.AsArray();
        // 22 commitments in 08-CTr/TU; those held every year from 2026 (free check-ups, electronic health books, the floor of
        // insured visits at commune stations, the yearly rise of the health budget) are one row per year 2026–2030.
        Assert.That(items, Has.Count.EqualTo(38));
        foreach (var yearly in new[] { "ANNUAL_FREE_CHECKUP_RATE", "E_HEALTH_BOOK_RATE", "BHYT_VISITS_AT_COMMUNE_SHARE", "STATE_HEALTH_BUDGET_SPENDING" })
        {
            Assert.That(items.Where(t => t!["indicator"]!.GetValue<string>() == yearly).Select(t => t!["year"]!.GetValue<int>()), Is.EquivalentTo(new[] { 2026, 2027, 2028, 2029, 2030 }), yearly);
        }
        Assert.That(items.Select(t => t!["unit"]!.GetValue<string>()), Has.All.EqualTo("51@2025-07-01"));
        var doctors = items.Single(t => t!["indicator"]!.GetValue<string>() == "DOCTORS_PER_10K" && t["year"]!.GetValue<int>() == 2030)!;
        Assert.That(doctors["value"]!.GetValue<decimal>(), Is.EqualTo(13.1m));
        Assert.That(doctors["source"]!.GetValue<string>(), Is.EqualTo("08-CTr/TU Quảng Ngãi 18/12/2025"));
    }

    [Test]
    public async Task Filters_combine()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Targets + "?unit=60&year=2025&indicator=BHYT_COVERAGE")))["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(1));
        Assert.That(items[0]!["comparator"]!.GetValue<string>(), Is.EqualTo("gte"));
    }

    [Test]
    public async Task Create_resolves_a_bare_code_and_returns_the_revision_as_ETag()
    {
        var response = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(NewTarget()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.ETag!.Tag, Is.EqualTo("\"1\""));
        Assert.That(response.Headers.Location!.ToString(), Does.StartWith("/api/v1/targets/"));
        var body = await Json(response);
        Assert.That(body["unit"]!.GetValue<string>(), Is.EqualTo("51@2025-07-01"));
        Assert.That(body["kind"]!.GetValue<string>(), Is.EqualTo("absolute"));
    }

    [Test]
    public async Task Create_resolves_a_bare_code_at_the_document_date()
    {
        var body = await CreateAsync(new
        {
            indicator = "BHYT_COVERAGE", unit = "52", year = 2025, comparator = "gte", value = 95, source = "KH Bình Định 2024", documentDate = "2024-03-01",
        });
        Assert.That(body["unit"]!.GetValue<string>(), Is.EqualTo("52"));
    }

    [Test]
    public async Task Create_reports_every_invalid_field()
    {
        var response = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new { comparator = "between", value = 5, kind = "increaseBy", year = 1800 }));
        await AssertProblem(response, HttpStatusCode.BadRequest, "indicator", "unit", "year", "upperValue", "baselineYear", "source");
    }

    [Test]
    public async Task Create_checks_references_and_ranges()
    {
        var response = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "BHYT_COVERAGE", unit = "60", year = 2030, comparator = "gte", value = 120, source = "x", kind = "absolute",
        }));
        await AssertProblem(response, HttpStatusCode.BadRequest, "value");
        var unknown = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "NOPE", unit = "00", year = 2030, comparator = "gte", value = 1, source = "x", kind = "matchUnit", referenceUnit = "ZZ",
        }));
        await AssertProblem(unknown, HttpStatusCode.BadRequest, "indicator", "unit", "referenceUnit");
    }

    [Test]
    public async Task Update_needs_If_Match()
    {
        var id = (await CreateAsync())["id"]!.GetValue<long>();
        await AssertProblem(await UpdateAsync(id, null, NewTarget(14m)), HttpStatusCode.PreconditionRequired);
    }

    [Test]
    public async Task Update_with_the_current_ETag_writes_revision_2_and_a_stale_one_is_412()
    {
        var id = (await CreateAsync())["id"]!.GetValue<long>();
        var first = await UpdateAsync(id, "\"1\"", NewTarget(14m));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Headers.ETag!.Tag, Is.EqualTo("\"2\""));
        Assert.That((await Json(first))["value"]!.GetValue<decimal>(), Is.EqualTo(14m));

        await AssertProblem(await UpdateAsync(id, "\"1\"", NewTarget(15m)), HttpStatusCode.PreconditionFailed);
        var current = await Json(await Client().GetAsync(ApiRoutes.TargetUrl(id)));
        Assert.That(current["value"]!.GetValue<decimal>(), Is.EqualTo(14m));
        Assert.That(current["version"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task Concurrent_updates_with_the_same_ETag_let_exactly_one_win()
    {
        var id = (await CreateAsync())["id"]!.GetValue<long>();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => UpdateAsync(id, "\"1\"", NewTarget(20m + i))));
        Assert.That(results.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed), Is.EqualTo(7));
    }

    [Test]
    public async Task Get_honours_If_None_Match()
    {
        var id = (await CreateAsync())["id"]!.GetValue<long>();
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.TargetUrl(id));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.That((await Client().SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Delete_is_soft_and_the_history_keeps_every_revision()
    {
        var id = (await CreateAsync())["id"]!.GetValue<long>();
        await UpdateAsync(id, "\"1\"", NewTarget(14m));
        Assert.That((await Admin().DeleteAsync(ApiRoutes.TargetUrl(id))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await AssertProblem(await Client().GetAsync(ApiRoutes.TargetUrl(id)), HttpStatusCode.NotFound);
        var listed = (await Json(await Client().GetAsync(ApiRoutes.Targets + "?unit=51&year=2035")))["items"]!.AsArray();
        Assert.That(listed, Is.Empty);

        var history = (await Json(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(id))))["items"]!.AsArray();
        Assert.That(history.Select(h => h!["change"]!.GetValue<string>()), Is.EqualTo(new[] { "created", "updated", "deleted" }));
        Assert.That(history.Select(h => h!["value"]!.GetValue<decimal>()), Is.EqualTo(new[] { 13.1m, 14m, 14m }));
        Assert.That(history.Select(h => h!["changedBy"]!.GetValue<string>()), Has.All.StartWith("bootstrap admin"));

        await AssertProblem(await Admin().DeleteAsync(ApiRoutes.TargetUrl(id)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task History_of_an_unknown_target_is_404() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(999999)), HttpStatusCode.NotFound);

    [Test]
    public async Task Every_seeded_target_names_its_source()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Targets)))["items"]!.AsArray();
        Assert.That(items, Has.Count.EqualTo(79));
        Assert.That(items.Select(t => t!["source"]!.GetValue<string>()), Has.All.Not.Empty);
    }

    [Test]
    public async Task Every_document_target_carries_the_documents_words_in_NFC()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Targets)))["items"]!.AsArray();
        var fromDocuments = items.Where(t => t!["source"]!.GetValue<string>() is var s && (s.StartsWith("08-CTr/TU", StringComparison.Ordinal) || s.StartsWith("1870/KH-UBND", StringComparison.Ordinal))).ToList();
        Assert.That(fromDocuments, Is.Not.Empty);
        Assert.That(fromDocuments.Select(t => t!["quote"]?.GetValue<string>()), Has.All.Not.Null.And.All.Not.Empty);
        Assert.That(fromDocuments.Select(t => t!["quote"]!.GetValue<string>()).Where(q => !q.IsNormalized(System.Text.NormalizationForm.FormC)), Is.Empty);
        var bhyt = items.Single(t => t!["indicator"]!.GetValue<string>() == "BHYT_COVERAGE" && t["unit"]!.GetValue<string>() == "51@2025-07-01")!;
        Assert.That(bhyt["quote"]!.GetValue<string>(), Is.EqualTo("tỷ lệ tham gia bảo hiểm y tế đạt 97,1% dân số"));
    }

    [Test]
    public async Task A_quote_is_optional_kept_in_NFC_and_in_every_revision()
    {
        var created = await CreateAsync();
        Assert.That(created["quote"], Is.Null, "a target without the document's words is accepted");
        var id = created["id"]!.GetValue<long>();
        // A client may send decomposed Unicode; it is stored composed.
        var decomposed = "Phấn đấu đạt ít nhất 13,1 bác sĩ/01 vạn dân".Normalize(System.Text.NormalizationForm.FormD);
        var updated = await UpdateAsync(id, "\"1\"", new
        {
            indicator = "DOCTORS_PER_10K", unit = "51", year = 2035, comparator = "gte", value = 13.1m, source = "Test document 01/2026", quote = decomposed,
        });
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Json(updated))["quote"]!.GetValue<string>(), Is.EqualTo("Phấn đấu đạt ít nhất 13,1 bác sĩ/01 vạn dân".Normalize()));

        var history = (await Json(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(id))))["items"]!.AsArray();
        Assert.That(history.Select(h => h!["quote"]?.GetValue<string>()), Is.EqualTo(new[] { null, "Phấn đấu đạt ít nhất 13,1 bác sĩ/01 vạn dân".Normalize() }));
        var csv = await (await Client().GetAsync(ApiRoutes.TargetHistoryUrl(id) + "?format=csv")).Content.ReadAsStringAsync();
        Assert.That(csv.Split('\n')[0], Does.Contain("quote"));
        Assert.That(csv, Does.Contain("Phấn đấu đạt ít nhất 13,1 bác sĩ/01 vạn dân".Normalize()));
    }

    [Test]
    public async Task A_quote_with_control_characters_is_refused() =>
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "DOCTORS_PER_10K", unit = "51", year = 2035, comparator = "gte", value = 13.1m, source = "Test document 01/2026", quote = "đạt\u0007",
        })), HttpStatusCode.BadRequest, "quote");

    [Test]
    public async Task A_cascade_is_chosen_with_a_reason_and_kept_in_history()
    {
        var created = await CreateAsync(new
        {
            indicator = "BEDS_PER_10K", unit = "VN", year = 2035, comparator = "gte", value = 40m, source = "Test document 01/2026",
            cascade = "provinces", cascadeReason = "a floor for every province",
        });
        Assert.That((created["cascade"]!.GetValue<string>(), created["cascadeReason"]!.GetValue<string>()), Is.EqualTo(("provinces", "a floor for every province")));
        var history = (await Json(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(created["id"]!.GetValue<long>()))))["items"]!.AsArray();
        Assert.That(history.Single()!["cascade"]!.GetValue<string>(), Is.EqualTo("provinces"));
        Assert.That((await CreateAsync())["cascade"]!.GetValue<string>(), Is.EqualTo("none"), "no cascade unless chosen");
    }

    [Test]
    public async Task A_cascade_needs_a_reason_a_level_below_and_no_baseline_value()
    {
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "BEDS_PER_10K", unit = "VN", year = 2035, comparator = "gte", value = 40m, source = "x", cascade = "provinces",
        })), HttpStatusCode.BadRequest, "cascadeReason");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "BEDS_PER_10K", unit = "01", year = 2035, comparator = "gte", value = 40m, source = "x", cascade = "provinces", cascadeReason = "r",
        })), HttpStatusCode.BadRequest, "cascade");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "CHILD_HEIGHT_1_18", unit = "VN", year = 2035, comparator = "gte", value = 1.5m, kind = "increaseBy", baselineValue = 140m,
            baselineYear = 2025, source = "x", cascade = "provinces", cascadeReason = "r",
        })), HttpStatusCode.BadRequest, "cascade");
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("reader", HttpStatusCode.Forbidden)]
    [TestCase("reporter", HttpStatusCode.Forbidden)]
    [TestCase("approver", HttpStatusCode.Forbidden)]
    public async Task Writes_need_the_admin_role(string? role, HttpStatusCode expected)
    {
        var client = Client(role is null ? null : await KeyAsync(role, "51@2025-07-01"));
        await AssertProblem(await client.PostAsync(ApiRoutes.Targets, JsonBody(NewTarget())), expected);
        await AssertProblem(await client.DeleteAsync(ApiRoutes.TargetUrl(1)), expected);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM targets WHERE year = 2035 OR deleted_at IS NOT NULL"), Is.Zero);
    }
}

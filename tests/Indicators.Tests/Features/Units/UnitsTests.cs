using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Units;

public sealed class UnitsTests : ApiTest
{
    private static List<string> Ids(JsonNode body) => body["items"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ToList();

    [Test]
    public async Task Today_there_are_the_country_and_34_provinces()
    {
        var provinces = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + "?level=province")));
        var country = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + "?level=country")));
        Assert.That(provinces, Has.Count.EqualTo(34));
        Assert.That(country, Is.EqualTo(new[] { "VN" }));
        Assert.That(provinces, Does.Contain("51@2025-07-01").And.Contain("01").And.Not.Contain("60"));
    }

    [Test]
    public async Task Before_the_reform_there_were_63_provinces()
    {
        var provinces = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + "?level=province&asOf=2024-12-31")));
        Assert.That(provinces, Has.Count.EqualTo(63));
        Assert.That(provinces, Does.Contain("60").And.Contain("62").And.Not.Contain("51@2025-07-01"));
    }

    [Test]
    public async Task History_lists_all_86_province_versions()
    {
        var provinces = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + "?level=province&history=true")));
        Assert.That(provinces, Has.Count.EqualTo(86));
    }

    [TestCase("79", 168)]
    [TestCase("12", 38)]
    [TestCase("51", 96)]
    public async Task Communes_per_province(string province, int expected)
    {
        var communes = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + $"?parent={province}&level=commune")));
        Assert.That(communes, Has.Count.EqualTo(expected));
        Assert.That(communes, Has.All.EndWith("@2025-07-01"));
    }

    [Test]
    public async Task There_are_3321_communes_today()
    {
        var body = await Json(await Client().GetAsync(ApiRoutes.Units + "?level=commune&limit=10000"));
        Assert.That(body["items"]!.AsArray(), Has.Count.EqualTo(3321));
    }

    [TestCase("Quang Ngai", "51@2025-07-01")]
    [TestCase("quảng ngãi", "51@2025-07-01")]
    [TestCase("DA NANG", "48@2025-07-01")]
    [TestCase("dak lak", "66@2025-07-01")]
    public async Task Search_ignores_accents_and_case(string q, string expected)
    {
        var ids = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + $"?level=province&q={Uri.EscapeDataString(q)}")));
        Assert.That(ids, Is.EqualTo(new[] { expected }));
    }

    [TestCase("2024-12-31", "52", "Bình Định")]
    [TestCase("2025-12-31", "52@2025-07-01", "Gia Lai")]
    public async Task A_bare_code_resolves_at_the_date(string asOf, string id, string name)
    {
        var unit = await Json(await Client().GetAsync(ApiRoutes.UnitUrl("52") + $"?asOf={asOf}"));
        Assert.That(unit["id"]!.GetValue<string>(), Is.EqualTo(id));
        Assert.That(unit["nameVi"]!.GetValue<string>(), Is.EqualTo(name));
    }

    [Test]
    public async Task A_merged_province_shows_its_predecessors_and_a_former_one_its_successor()
    {
        var merged = await Json(await Client().GetAsync(ApiRoutes.UnitUrl("51@2025-07-01")));
        Assert.That(merged["predecessorIds"]!.AsArray().Select(p => p!.GetValue<string>()), Is.EqualTo(new[] { "51", "62" }));
        var former = await Json(await Client().GetAsync(ApiRoutes.UnitUrl("60")));
        Assert.That(former["successorId"]!.GetValue<string>(), Is.EqualTo("68@2025-07-01"));
        Assert.That(former["validTo"]!.GetValue<string>(), Is.EqualTo("2025-06-30"));
    }

    [Test]
    public async Task A_code_not_valid_at_the_date_is_a_404_naming_the_successor()
    {
        var problem = await AssertProblem(await Client().GetAsync(ApiRoutes.UnitUrl("60") + "?asOf=2025-09-30"), HttpStatusCode.NotFound);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("68@2025-07-01"));
    }

    [Test]
    public async Task Unknown_unit_is_a_404() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.UnitUrl("99999")), HttpStatusCode.NotFound);

    [Test]
    public async Task Unknown_parent_names_the_parameter() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Units + "?parent=XX"), HttpStatusCode.BadRequest, "parent");

    [Test]
    public async Task A_bad_date_names_the_parameter() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Units + "?asOf=31-12-2024"), HttpStatusCode.BadRequest, "asOf");

    [Test]
    public async Task Put_creates_a_version_that_reads_back_and_is_audited()
    {
        var response = await Admin().PutAsync(ApiRoutes.UnitUrl("99999@2026-01-01"), JsonBody(new
        {
            code = "99999", nameVi = "Xã Thử Nghiệm", level = "commune", type = "xa", parentId = "51@2025-07-01", validFrom = "2026-01-01",
        }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var communes = Ids(await Json(await Client().GetAsync(ApiRoutes.Units + "?parent=51@2025-07-01&q=thu nghiem&asOf=2026-06-30")));
        Assert.That(communes, Is.EqualTo(new[] { "99999@2026-01-01" }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'unit' AND entity_key = '99999@2026-01-01' AND actor <> 'seed'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Put_rejects_unknown_references_and_a_mismatched_id()
    {
        var response = await Admin().PutAsync(ApiRoutes.UnitUrl("12345"), JsonBody(new
        {
            code = "99999", nameVi = "X", level = "commune", parentId = "nope", successorId = "nope2",
        }));
        await AssertProblem(response, HttpStatusCode.BadRequest, "id", "parentId", "successorId", "validTo");
    }

    [TestCase("60", HttpStatusCode.Created)] // the former Bình Thuận: the new commune is followed as part of its territory
    [TestCase("01", HttpStatusCode.BadRequest)] // a current unit has no territory to follow yet
    [TestCase("nope", HttpStatusCode.BadRequest)]
    public async Task Put_takes_the_former_unit_a_commune_is_formed_wholly_from(string formedFromId, HttpStatusCode expected)
    {
        var response = await Admin().PutAsync(ApiRoutes.UnitUrl("99998@2026-01-01"), JsonBody(new
        {
            code = "99998", nameVi = "Xã Thử Nghiệm", level = "commune", type = "xa", parentId = "68@2025-07-01", validFrom = "2026-01-01", formedFromId,
        }));
        if (expected == HttpStatusCode.BadRequest)
        {
            await AssertProblem(response, expected, "formedFromId");
            return;
        }
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        var unit = await Json(await Client().GetAsync(ApiRoutes.UnitUrl("99998@2026-01-01")));
        Assert.That(unit["formedFromId"]!.GetValue<string>(), Is.EqualTo("60"));
    }

    [Test]
    public async Task Put_needs_admin() =>
        await AssertProblem(await Client(await KeyAsync("reporter", "51@2025-07-01")).PutAsync(ApiRoutes.UnitUrl("51@2025-07-01"),
            JsonBody(new { code = "51", nameVi = "X", level = "province", parentId = "VN" })), HttpStatusCode.Forbidden);
}

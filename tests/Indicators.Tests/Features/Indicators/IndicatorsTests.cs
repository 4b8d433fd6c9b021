using System.Net;
using System.Text;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Indicators;

public sealed class IndicatorsTests : ApiTest
{
    private static readonly object Definition = new
    {
        nameVi = "Tỷ lệ thử nghiệm", nameEn = "Test rate", unit = "percent", direction = "higher", aggregation = "ratio",
        frequency = "quarterly", decimals = 1, group = "coverage",
    };

    [Test]
    public async Task List_returns_the_34_seeded_indicators_in_code_order()
    {
        var body = await Json(await Client().GetAsync(ApiRoutes.Indicators));
        var codes = body["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ToList();
        Assert.That(codes, Has.Count.EqualTo(34));
        Assert.That(codes, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(body["nextCursor"], Is.Null);
    }

    [Test]
    public async Task List_pages_with_a_cursor_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var body = await Json(await Client().GetAsync(ApiRoutes.Indicators + "?limit=7" + (cursor is null ? "" : "&cursor=" + cursor)));
            seen.AddRange(body["items"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()));
            cursor = body["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.That(seen, Has.Count.EqualTo(34).And.Unique);
    }

    [Test]
    public async Task List_as_csv_is_utf8_with_bom_and_keeps_vietnamese()
    {
        var response = await Client().GetAsync(ApiRoutes.Indicators + "?format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("code,nameVi,nameEn,unit,factor,direction,aggregation,frequency,decimals,min,max,group,periodBasis,numeratorVi,numeratorEn,denominatorVi,denominatorEn"));
        Assert.That(lines, Has.Length.EqualTo(35));
        Assert.That(text, Does.Contain("DOCTORS_PER_10K,Số bác sĩ trên 10.000 dân,Doctors per 10 000 population,per10k,10000,higher,ratio,yearly,2,0,,workforce"));
    }

    [Test]
    public async Task Accept_text_csv_also_gives_csv()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Indicators);
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await Client().SendAsync(request);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
    }

    [Test]
    public async Task Get_returns_one_indicator_with_its_definition()
    {
        var body = await Json(await Client().GetAsync(ApiRoutes.IndicatorUrl("INFANT_MORTALITY_PER_1000")));
        Assert.Multiple(() =>
        {
            Assert.That(body["unit"]!.GetValue<string>(), Is.EqualTo("per1000"));
            Assert.That(body["factor"]!.GetValue<decimal>(), Is.EqualTo(1000m));
            Assert.That(body["direction"]!.GetValue<string>(), Is.EqualTo("lower"));
            Assert.That(body["decimals"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Get_unknown_is_a_404_problem() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.IndicatorUrl("NOPE")), HttpStatusCode.NotFound);

    [Test]
    public async Task Put_creates_then_updates_and_audits_both()
    {
        var created = await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(Definition));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await Json(created);
        Assert.That(body["factor"]!.GetValue<decimal>(), Is.EqualTo(100m), "percent defaults to factor 100");
        Assert.That(body["max"]!.GetValue<decimal>(), Is.EqualTo(100m), "percent defaults to 0–100");

        var updated = await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(new
        {
            nameVi = "Tỷ lệ thử nghiệm mới", nameEn = "Test rate", unit = "percent", direction = "higher", aggregation = "ratio",
            frequency = "quarterly", decimals = 2, group = "coverage",
        }));
        Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator' AND entity_key = 'TEST_RATE'"), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT decimals FROM indicators WHERE code = 'TEST_RATE'"), Is.EqualTo(2));
    }

    [Test]
    public async Task Put_validates_every_field_in_one_answer()
    {
        var response = await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(new { nameVi = "", decimals = 9, group = "bad group", min = 5, max = 1 }));
        await AssertProblem(response, HttpStatusCode.BadRequest, "nameVi", "nameEn", "unit", "direction", "aggregation", "frequency", "decimals", "group", "max");
    }

    [Test]
    public async Task Put_with_a_bad_code_names_the_code() =>
        await AssertProblem(await Admin().PutAsync(ApiRoutes.IndicatorUrl("lower_case"), JsonBody(Definition)), HttpStatusCode.BadRequest, "code");

    [Test]
    public async Task Put_with_an_unknown_enum_value_names_the_field()
    {
        var problem = await AssertProblem(await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("""{"unit":"furlongs"}""")), HttpStatusCode.BadRequest, "unit");
        Assert.That(problem["errors"]!["unit"]![0]!.GetValue<string>(), Does.Contain("percent"));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("reader", HttpStatusCode.Forbidden)]
    [TestCase("reporter", HttpStatusCode.Forbidden)]
    [TestCase("approver", HttpStatusCode.Forbidden)]
    public async Task Put_needs_the_admin_role(string? role, HttpStatusCode expected)
    {
        var key = role is null ? null : await KeyAsync(role, "51@2025-07-01");
        await AssertProblem(await Client(key).PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(Definition)), expected);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM indicators WHERE code = 'TEST_RATE'"), Is.Zero);
    }

    [Test]
    public async Task Every_ratio_indicator_names_its_numerator_and_denominator_in_Vietnamese_and_English()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Indicators)))["items"]!.AsArray();
        var ratios = items.Where(i => i!["aggregation"]!.GetValue<string>() == "ratio").ToList();
        Assert.That(ratios, Is.Not.Empty);
        foreach (var field in new[] { "numeratorVi", "numeratorEn", "denominatorVi", "denominatorEn" })
        {
            Assert.That(ratios.Select(r => r![field]?.GetValue<string>()), Has.All.Not.Null.And.All.Not.Empty, field);
        }
        var epi = items.Single(i => i!["code"]!.GetValue<string>() == "EPI_FULL_IMMUNIZATION")!;
        Assert.That(epi["periodBasis"]!.GetValue<string>(), Is.EqualTo("yearToDate"));
        Assert.That(items.Single(i => i!["code"]!.GetValue<string>() == "DOCTORS_PER_10K")!["periodBasis"]!.GetValue<string>(), Is.EqualTo("periodAlone"));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Values;

public sealed class ListValuesTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private const string Commune = "21025@2025-07-01";

    /// <summary>Eight values across indicators, units (current, former, commune, another province) and period lengths.</summary>
    private async Task SeedAsync()
    {
        var response = await Admin().ImportJson(new[]
        {
            ImportRequests.Row(Province, "2025Q4", "BHYT_COVERAGE", value: 95.0m),
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", numerator: 1180000, denominator: 1250000),
            ImportRequests.Row(Province, "202507", "BHYT_COVERAGE", value: 94.1m),
            ImportRequests.Row(Commune, "2025Q3", "BHYT_COVERAGE", value: 93.5m),
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", value: 10.9m),
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", value: 9.8m),
            ImportRequests.Row("51", "2025", "DOCTORS_PER_10K", value: 11.42m),
            ImportRequests.Row("01", "2025", "DOCTORS_PER_10K", value: 21.3m),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<List<string>> KeysAsync(string query)
    {
        var response = await Client().GetAsync(ApiRoutes.Values + query);
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        return body["items"]!.AsArray().Select(Key).ToList();
    }

    private static string Key(JsonNode? v) => $"{v!["indicator"]}/{v["unit"]}/{v["period"]}";

    [Test]
    public async Task Values_are_listed_in_long_format_ordered_by_indicator_unit_and_period_end()
    {
        await SeedAsync();
        Assert.That(await KeysAsync(""), Is.EqualTo(new[]
        {
            $"BHYT_COVERAGE/{Commune}/2025Q3",
            $"BHYT_COVERAGE/{Province}/202507",
            $"BHYT_COVERAGE/{Province}/2025Q3",
            $"BHYT_COVERAGE/{Province}/2025Q4",
            "DOCTORS_PER_10K/01/2025",
            "DOCTORS_PER_10K/51/2024",
            $"DOCTORS_PER_10K/{Province}/2025",
            "DOCTORS_PER_10K/62/2024",
        }));

        var item = (await Json(await Client().GetAsync(ApiRoutes.Values + $"?unit={Province}&from=2025Q3&to=2025Q3")))["items"]!.AsArray()
            .Single(v => v!["period"]!.GetValue<string>() == "2025Q3")!;
        Assert.That(item["unitName"]!.GetValue<string>(), Is.EqualTo("Quảng Ngãi"));
        Assert.That(item["periodLabel"]!.GetValue<string>(), Is.EqualTo("Quý III/2025"));
        Assert.That(item["periodStart"]!.GetValue<string>(), Is.EqualTo("2025-07-01"));
        Assert.That(item["periodEnd"]!.GetValue<string>(), Is.EqualTo("2025-09-30"));
        Assert.That(item["value"]!.GetValue<decimal>(), Is.EqualTo(94.4m));
        Assert.That(item["numerator"]!.GetValue<decimal>(), Is.EqualTo(1180000m));
        Assert.That(item["denominator"]!.GetValue<decimal>(), Is.EqualTo(1250000m));
        Assert.That(item["source"]!.GetValue<string>(), Is.EqualTo("reported"));
        Assert.That(item["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
        Assert.That(item["updatedBy"]!.GetValue<string>(), Does.Contain("0a1b2c3d"));
        Assert.That(item["updatedAt"], Is.Not.Null);
    }

    [Test]
    public async Task Filters_select_by_indicator_unit_period_range_and_level()
    {
        await SeedAsync();
        Assert.That(await KeysAsync("?indicator=DOCTORS_PER_10K"), Has.Count.EqualTo(4).And.All.StartWith("DOCTORS_PER_10K/"));
        // A bare code is today's version; a former province with no current version is found by its id.
        Assert.That(await KeysAsync("?unit=51"), Is.EqualTo(new[] { $"BHYT_COVERAGE/{Province}/202507", $"BHYT_COVERAGE/{Province}/2025Q3", $"BHYT_COVERAGE/{Province}/2025Q4", $"DOCTORS_PER_10K/{Province}/2025" }));
        Assert.That(await KeysAsync("?unit=62"), Is.EqualTo(new[] { "DOCTORS_PER_10K/62/2024" }));
        // from/to are periods: a value is in when its period ends between from's start and to's end.
        Assert.That(await KeysAsync("?from=2025Q3&to=2025Q3"), Is.EqualTo(new[] { $"BHYT_COVERAGE/{Commune}/2025Q3", $"BHYT_COVERAGE/{Province}/202507", $"BHYT_COVERAGE/{Province}/2025Q3" }));
        Assert.That(await KeysAsync("?to=2024"), Is.EqualTo(new[] { "DOCTORS_PER_10K/51/2024", "DOCTORS_PER_10K/62/2024" }));
        Assert.That(await KeysAsync("?from=2025&indicator=DOCTORS_PER_10K"), Is.EqualTo(new[] { "DOCTORS_PER_10K/01/2025", $"DOCTORS_PER_10K/{Province}/2025" }));
        Assert.That(await KeysAsync("?level=commune"), Is.EqualTo(new[] { $"BHYT_COVERAGE/{Commune}/2025Q3" }));
        Assert.That(await KeysAsync("?level=province&indicator=BHYT_COVERAGE"), Has.Count.EqualTo(3).And.None.Contains(Commune));
        Assert.That(await KeysAsync("?level=country"), Is.Empty);
    }

    [Test]
    public async Task Pages_follow_each_other_without_gaps_or_repeats()
    {
        await SeedAsync();
        var all = await KeysAsync("");
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var body = await Json(await Client().GetAsync(ApiRoutes.Values + "?limit=3" + (cursor is null ? "" : "&cursor=" + cursor)));
            var items = body["items"]!.AsArray();
            Assert.That(items, Has.Count.LessThanOrEqualTo(3));
            seen.AddRange(items.Select(Key));
            cursor = body["nextCursor"]?.GetValue<string>();
            pages++;
        } while (cursor is not null && pages < 10);
        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EqualTo(all));

        // A CSV page carries its next cursor in a header.
        var csv = await Client().GetAsync(ApiRoutes.Values + "?limit=3&format=csv");
        Assert.That(csv.Headers.GetValues("X-Next-Cursor").Single(), Is.Not.Empty);
    }

    [Test]
    public async Task The_csv_has_a_bom_a_header_and_one_row_per_value()
    {
        await SeedAsync();
        var response = await Client().GetAsync(ApiRoutes.Values + "?indicator=DOCTORS_PER_10K&format=csv");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("indicator,unit,unitName,period,periodLabel,periodStart,periodEnd,value,numerator,denominator,comment,source,coveragePct,status,demo,updatedAt,updatedBy,disaggregation"));
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines[1], Does.StartWith("DOCTORS_PER_10K,01,Hà Nội,2025,Năm 2025,2025-01-01,2025-12-31,21.3,,,,reported,,submitted,false,"));

        var accept = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Values);
        accept.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        Assert.That((await Client().SendAsync(accept)).Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
    }

    [Test]
    public async Task The_etag_answers_304_until_a_value_changes()
    {
        await SeedAsync();
        var first = await Client().GetAsync(ApiRoutes.Values);
        var etag = first.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Values);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.That((await Client().SendAsync(again)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        await Admin().ImportJson(new[] { ImportRequests.Row(Province, "2025Q4", "EPI_FULL_IMMUNIZATION", value: 97m) });
        var after = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Values);
        after.Headers.IfNoneMatch.Add(etag);
        Assert.That((await Client().SendAsync(after)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("?from=2025W1", "from")]
    [TestCase("?to=202513", "to")]
    [TestCase("?from=2026&to=2025", "to")]
    [TestCase("?level=village", "level")]
    [TestCase("?unit=99", "unit")]
    [TestCase("?cursor=bm90LWEta2V5", "cursor")]
    [TestCase("?limit=0", "limit")]
    [TestCase("?format=xml", "format")]
    public async Task Bad_parameters_are_400_problems_naming_the_parameter(string query, string field)
    {
        await AssertProblem(await Client().GetAsync(ApiRoutes.Values + query), HttpStatusCode.BadRequest, field);
    }
}

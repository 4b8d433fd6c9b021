using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Values;

/// <summary>GET /values?format=adx: IHE ADX that POST /dataValueSets reads back unchanged.</summary>
public sealed class ListValuesAdxTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private static readonly XNamespace Adx = "urn:ihe:qrph:adx:2015";

    /// <summary>Values of every period length, a ratio value, and comments with Vietnamese and XML's special characters.</summary>
    private async Task SeedAsync()
    {
        var response = await Admin().ImportJson(new[]
        {
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", numerator: 1180000, denominator: 1250000, comment: "Số liệu BHXH <quý 3> & \"tạm tính\""),
            ImportRequests.Row(Province, "202507", "BHYT_COVERAGE", value: 94.1m),
            ImportRequests.Row(Province, "2025Q3", "EPI_FULL_IMMUNIZATION", value: 97.1m, comment: "Tiêm chủng"),
            ImportRequests.Row("51", "2024S2", "DOCTORS_PER_10K", value: 10.9m),
            ImportRequests.Row("51", "2025", "DOCTORS_PER_10K", value: 11.42m),
            ImportRequests.Row("01", "2025", "DOCTORS_PER_10K", value: 21.3m),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<string> AdxAsync(string query = "?format=adx")
    {
        var response = await Client().GetAsync(ApiRoutes.Values + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/adx+xml"));
        return body;
    }

    private async Task<JsonNode> ImportAdxAsync(string adx)
    {
        var content = new StringContent(adx);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/adx+xml");
        var response = await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets, content);
        var message = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), message.ToJsonString());
        Assert.That(message["response"]!["status"]!.GetValue<string>(), Is.EqualTo("SUCCESS"));
        return message["response"]!["importCount"]!;
    }

    /// <summary>The values list without who wrote them when.</summary>
    private async Task<List<string>> ValuesAsync()
    {
        var items = (await Json(await Client().GetAsync(ApiRoutes.Values)))["items"]!.AsArray();
        return items.Select(v =>
        {
            var value = v!.AsObject().DeepClone().AsObject();
            value.Remove("updatedAt");
            value.Remove("updatedBy");
            return value.ToJsonString();
        }).ToList();
    }

    [Test]
    public async Task The_export_is_adx_2015_with_iso_periods_and_codes_one_group_per_unit_and_period()
    {
        await SeedAsync();
        var adx = XDocument.Parse(await AdxAsync());
        Assert.That(adx.Root!.Name, Is.EqualTo(Adx + "adx"));
        Assert.That((string?)adx.Root.Attribute("exported"), Is.Not.Empty);
        var groups = adx.Root.Elements(Adx + "group").Select(g => $"{g.Attribute("orgUnit")!.Value} {g.Attribute("period")!.Value} {g.Attribute("dataSet")!.Value}").ToList();
        Assert.That(groups, Is.EqualTo(new[]
        {
            "01 2025-01-01/P1Y INDICATORS", "51 2024-07-01/P6M INDICATORS",
            $"{Province} 2025-07-01/P1M INDICATORS", $"{Province} 2025-07-01/P3M INDICATORS", $"{Province} 2025-01-01/P1Y INDICATORS",
        }));
        var quarter = adx.Root.Elements(Adx + "group").Single(g => g.Attribute("period")!.Value == "2025-07-01/P3M");
        var coverage = quarter.Elements(Adx + "dataValue").Single(v => v.Attribute("dataElement")!.Value == "BHYT_COVERAGE");
        Assert.That(coverage.Attribute("value")!.Value, Is.EqualTo("94.4"));
        Assert.That(coverage.Attribute("numerator")!.Value, Is.EqualTo("1180000"));
        Assert.That(coverage.Attribute("denominator")!.Value, Is.EqualTo("1250000"));
        Assert.That(coverage.Element(Adx + "annotation")!.Value, Is.EqualTo("Số liệu BHXH <quý 3> & \"tạm tính\""));
    }

    [Test]
    public async Task Accept_application_adx_xml_asks_for_adx()
    {
        await SeedAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Values);
        request.Headers.Accept.ParseAdd("application/adx+xml");
        var response = await Client().SendAsync(request);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/adx+xml"));
    }

    [Test]
    public async Task The_export_imports_back_unchanged_and_restores_deleted_values()
    {
        await SeedAsync();
        var before = await ValuesAsync();
        var adx = await AdxAsync();

        var same = await ImportAdxAsync(adx);
        Assert.That((same["imported"]!.GetValue<int>(), same["updated"]!.GetValue<int>(), same["ignored"]!.GetValue<int>(), same["deleted"]!.GetValue<int>()),
            Is.EqualTo((0, 0, before.Count, 0)), "every value is already stored as it is");
        Assert.That(await ValuesAsync(), Is.EqualTo(before));

        var content = new StringContent(adx);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/adx+xml");
        var deleted = await Json(await Admin().PostAsync(ApiRoutes.Dhis2DataValueSets + "?importStrategy=DELETE&reason=ADX%20round%20trip", content));
        Assert.That(deleted["response"]!["importCount"]!["deleted"]!.GetValue<int>(), Is.EqualTo(before.Count), deleted.ToJsonString());
        Assert.That(await ValuesAsync(), Is.Empty);

        var restored = await ImportAdxAsync(adx);
        Assert.That(restored["imported"]!.GetValue<int>(), Is.EqualTo(before.Count));
        Assert.That(await ValuesAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Format_xml_is_not_a_format_of_the_list() =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Values + "?format=xml"), HttpStatusCode.BadRequest, "format");
}

using System.Net;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Values;

/// <summary><c>GET /values?source=derived|all</c>: roll-ups listed beside reported values.</summary>
public sealed class DerivedValuesTests : ApiTest
{
    private async Task SeedAsync()
    {
        var response = await Admin().ImportJson(new[]
        {
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1200, denominator: 1250000),
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", numerator: 500, denominator: 580000),
            ImportRequests.Row("51@2025-07-01", "2025", "DOCTORS_PER_10K", value: 11.42m),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_merged_province_gets_a_derived_2024_value_from_its_predecessors()
    {
        await SeedAsync();
        var items = (await Json(await Client().GetAsync(ApiRoutes.Values + "?source=derived&unit=51@2025-07-01")))["items"]!.AsArray();
        var derived = items.Single()!;
        Assert.That(derived["period"]!.GetValue<string>(), Is.EqualTo("2024"));
        Assert.That(derived["source"]!.GetValue<string>(), Is.EqualTo("derived"));
        Assert.That(derived["coveragePct"]!.GetValue<decimal>(), Is.EqualTo(100m));
        Assert.That(derived["numerator"]!.GetValue<decimal>(), Is.EqualTo(1700m));
        Assert.That(derived["denominator"]!.GetValue<decimal>(), Is.EqualTo(1830000m));
    }

    [Test]
    public async Task All_merges_reported_and_derived_in_one_order_and_pages_cleanly()
    {
        await SeedAsync();
        var all = (await Json(await Client().GetAsync(ApiRoutes.Values + "?source=all&indicator=DOCTORS_PER_10K")))["items"]!.AsArray()
            .Select(v => $"{v!["unit"]}/{v["period"]}/{v["source"]}").ToList();
        // The country is derived too: from the 63 provinces of 2024 (2 of 63 reported: below the 100 % minimum, so nothing)
        // and from the 34 of 2025 (1 of 34: nothing either).
        Assert.That(all, Is.EqualTo(new[] { "51/2024/reported", "51@2025-07-01/2024/derived", "51@2025-07-01/2025/reported", "62/2024/reported" }));

        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var body = await Json(await Client().GetAsync(ApiRoutes.Values + "?source=all&indicator=DOCTORS_PER_10K&limit=1" + (cursor is null ? "" : "&cursor=" + cursor)));
            paged.AddRange(body["items"]!.AsArray().Select(v => $"{v!["unit"]}/{v["period"]}/{v["source"]}"));
            cursor = body["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.That(paged, Is.EqualTo(all));
    }

    [Test]
    public async Task Reported_is_the_default_and_a_bad_source_is_a_400()
    {
        await SeedAsync();
        var items = (await Json(await Client().GetAsync(ApiRoutes.Values + "?indicator=DOCTORS_PER_10K")))["items"]!.AsArray();
        Assert.That(items.Select(v => v!["source"]!.GetValue<string>()), Has.All.EqualTo("reported"));
        await AssertProblem(await Client().GetAsync(ApiRoutes.Values + "?source=guessed"), HttpStatusCode.BadRequest, "source");
    }
}

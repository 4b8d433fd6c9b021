using System.Net;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Submissions;

public sealed class ListSubmissionsTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private const string Commune = "21025@2025-07-01";

    private async Task SaveAsync(string unit, string period, bool submit)
    {
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl(unit, period),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } }, submit }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_inbox_of_a_province_lists_its_and_its_communes_submitted_ones()
    {
        await SaveAsync(Province, "2025Q3", submit: true);
        await SaveAsync(Commune, "2025Q3", submit: true);
        await SaveAsync(Commune, "2025Q4", submit: false);
        await SaveAsync("01", "2025Q3", submit: true);

        var inbox = await Json(await Client().GetAsync(ApiRoutes.Submissions + $"?status=submitted&unit={Province}"));
        var items = inbox["items"]!.AsArray();
        Assert.That(items.Select(i => $"{i!["unit"]}/{i["period"]}"), Is.EquivalentTo(new[] { $"{Province}/2025Q3", $"{Commune}/2025Q3" }));
        Assert.That(items.Select(i => i!["periodLabel"]!.GetValue<string>()), Is.All.EqualTo("Quý III/2025"));

        var covered = await Json(await Client().GetAsync(ApiRoutes.Submissions + $"?unit={Province}&period=2025Q4"));
        Assert.That(covered["items"]!.AsArray().Select(i => (string?)i!["unit"]), Is.EqualTo(new[] { Commune }),
            "the province's own form has no submission yet: no row of its own, not a 404; its commune's draft is covered");
    }

    [Test]
    public async Task Pages_follow_the_cursor()
    {
        await SaveAsync(Province, "2025Q3", submit: true);
        await SaveAsync(Commune, "2025Q3", submit: true);
        var first = await Json(await Client().GetAsync(ApiRoutes.Submissions + "?limit=1"));
        var second = await Json(await Client().GetAsync(ApiRoutes.Submissions + $"?limit=1&cursor={first["nextCursor"]}"));
        Assert.That((string?)first["items"]![0]!["unit"], Is.Not.EqualTo((string?)second["items"]![0]!["unit"]));
        Assert.That(second["nextCursor"], Is.Null);
    }

    [TestCase("status=sent", "status")]
    [TestCase("period=2025Q9", "period")]
    [TestCase("cursor=%21", "cursor")]
    [TestCase("limit=0", "limit")]
    public async Task Bad_filters_are_named(string query, string field) =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.Submissions + "?" + query), HttpStatusCode.BadRequest, field);
}

using System.Net;
using System.Net.Http.Json;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Admin;

/// <summary>Keys resolve units like every other endpoint, and an instance always keeps an admin key.</summary>
public sealed class KeySafetyTests : ApiTest
{
    private async Task<System.Text.Json.Nodes.JsonNode> CreateAsync(string role, params string[] units)
    {
        var response = await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = $"{role} key", role, units });
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToJsonString());
        return body;
    }

    [Test]
    public async Task A_bare_code_means_todays_unit_and_the_answer_shows_the_resolved_id()
    {
        var created = await CreateAsync("reporter", "79");
        Assert.That(created["units"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { "79@2025-07-01" }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM api_key_units WHERE unit_id = '79@2025-07-01'"), Is.EqualTo(1));

        var write = await Client(created["key"]!.GetValue<string>()).PutAsync(ApiRoutes.SubmissionUrl("79@2025-07-01", "2025Q3"),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } } }));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.OK), await write.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_code_with_no_current_unit_names_the_former_one_and_an_unknown_code_is_a_400()
    {
        var created = await CreateAsync("reporter", "62");
        Assert.That(created["units"]!.AsArray().Select(u => u!.GetValue<string>()), Is.EqualTo(new[] { "62" }));
        await AssertProblem(await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = "r", role = "reporter", units = new[] { "79", "98" } }),
            HttpStatusCode.BadRequest, "units[1]");
    }

    [Test]
    public async Task The_last_active_admin_key_cannot_be_revoked()
    {
        var problem = await AssertProblem(await Admin().DeleteAsync(ApiRoutes.KeyUrl(1)), HttpStatusCode.Conflict);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("last active admin key"));
        Assert.That((await Admin().GetAsync(ApiRoutes.Keys)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key still works");

        var second = await CreateAsync("admin");
        Assert.That((await Admin().DeleteAsync(ApiRoutes.KeyUrl(1))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblem(await Client(second["key"]!.GetValue<string>()).DeleteAsync(ApiRoutes.KeyUrl(second["id"]!.GetValue<long>())), HttpStatusCode.Conflict);
    }
}

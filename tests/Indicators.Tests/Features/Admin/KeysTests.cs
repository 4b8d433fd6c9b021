using System.Net;
using System.Net.Http.Json;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Admin;

public sealed class KeysTests : ApiTest
{
    [Test]
    public async Task A_created_key_is_shown_once_and_listed_by_prefix_only()
    {
        var response = await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = "Sở Y tế Quảng Ngãi", role = "reporter", units = new[] { "51@2025-07-01" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await Json(response);
        var key = created["key"]!.GetValue<string>();
        var prefix = created["prefix"]!.GetValue<string>();
        Assert.That(key, Does.StartWith($"ind_{prefix}_"));

        var listText = await (await Admin().GetAsync(ApiRoutes.Keys)).Content.ReadAsStringAsync();
        Assert.That(listText, Does.Contain(prefix).And.Not.Contain(key));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM api_keys WHERE key_hash = @key", new { key }), Is.Zero, "the secret is not stored");
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var created = await Json(await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = "temp admin", role = "admin" }));
        var client = Client(created["key"]!.GetValue<string>());
        Assert.That((await client.GetAsync(ApiRoutes.Keys)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await Admin().DeleteAsync(ApiRoutes.KeyUrl(created["id"]!.GetValue<long>()))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblem(await client.GetAsync(ApiRoutes.Keys), HttpStatusCode.Unauthorized);
        await AssertProblem(await Admin().DeleteAsync(ApiRoutes.KeyUrl(created["id"]!.GetValue<long>())), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Creation_is_validated()
    {
        await AssertProblem(await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = "", role = "god" }), HttpStatusCode.BadRequest, "name", "role");
        await AssertProblem(await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = "r", role = "reporter" }), HttpStatusCode.BadRequest, "units");
        await AssertProblem(await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = "r", role = "reporter", units = new[] { "51@2025-07-01", "nope" } }),
            HttpStatusCode.BadRequest, "units[1]");
    }

    [TestCase("not-a-key")]
    [TestCase("ind_0a1b2c3d_wrong-secret-000000000")]
    public async Task A_wrong_key_is_401_even_for_reads_that_need_none(string key) =>
        await AssertProblem(await Client(key).GetAsync(ApiRoutes.Keys), HttpStatusCode.Unauthorized);

    [Test]
    public async Task Authorization_ApiKey_header_is_accepted()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", TestDatabase.AdminKey);
        Assert.That((await client.GetAsync(ApiRoutes.Keys)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("reader", HttpStatusCode.Forbidden)]
    [TestCase("approver", HttpStatusCode.Forbidden)]
    public async Task Key_management_needs_admin(string? role, HttpStatusCode expected)
    {
        var client = Client(role is null ? null : await KeyAsync(role, "01"));
        await AssertProblem(await client.GetAsync(ApiRoutes.Keys), expected);
        await AssertProblem(await client.PostAsJsonAsync(ApiRoutes.Keys, new { name = "x", role = "admin" }), expected);
        await AssertProblem(await client.DeleteAsync(ApiRoutes.KeyUrl(1)), expected);
    }
}

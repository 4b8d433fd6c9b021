using System.Net;
using System.Net.Http.Json;

namespace Indicators.Tests.Features.Admin;

public sealed class KeysTests : ApiTest
{
    [Test]
    public async Task A_created_key_is_shown_once_and_listed_by_prefix_only()
    {
        var response = await Admin().PostAsJsonAsync("/api/v1/admin/keys", new { name = "Sở Y tế Quảng Ngãi", role = "reporter", units = new[] { "51@2025-07-01" } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await Json(response);
        var key = created["key"]!.GetValue<string>();
        var prefix = created["prefix"]!.GetValue<string>();
        Assert.That(key, Does.StartWith($"ind_{prefix}_"));

        var listText = await (await Admin().GetAsync("/api/v1/admin/keys")).Content.ReadAsStringAsync();
        Assert.That(listText, Does.Contain(prefix).And.Not.Contain(key));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM api_keys WHERE key_hash = @key", new { key }), Is.Zero, "the secret is not stored");
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var created = await Json(await Admin().PostAsJsonAsync("/api/v1/admin/keys", new { name = "temp admin", role = "admin" }));
        var client = Client(created["key"]!.GetValue<string>());
        Assert.That((await client.GetAsync("/api/v1/admin/keys")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await Admin().DeleteAsync($"/api/v1/admin/keys/{created["id"]}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblem(await client.GetAsync("/api/v1/admin/keys"), HttpStatusCode.Unauthorized);
        await AssertProblem(await Admin().DeleteAsync($"/api/v1/admin/keys/{created["id"]}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Creation_is_validated()
    {
        await AssertProblem(await Admin().PostAsJsonAsync("/api/v1/admin/keys", new { name = "", role = "god" }), HttpStatusCode.BadRequest, "name", "role");
        await AssertProblem(await Admin().PostAsJsonAsync("/api/v1/admin/keys", new { name = "r", role = "reporter" }), HttpStatusCode.BadRequest, "units");
        await AssertProblem(await Admin().PostAsJsonAsync("/api/v1/admin/keys", new { name = "r", role = "reporter", units = new[] { "51@2025-07-01", "nope" } }),
            HttpStatusCode.BadRequest, "units[1]");
    }

    [TestCase("not-a-key")]
    [TestCase("ind_0a1b2c3d_wrong-secret-000000000")]
    public async Task A_wrong_key_is_401_even_for_reads_that_need_none(string key) =>
        await AssertProblem(await Client(key).GetAsync("/api/v1/admin/keys"), HttpStatusCode.Unauthorized);

    [Test]
    public async Task Authorization_ApiKey_header_is_accepted()
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", TestDatabase.AdminKey);
        Assert.That((await client.GetAsync("/api/v1/admin/keys")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(null, HttpStatusCode.Unauthorized)]
    [TestCase("reader", HttpStatusCode.Forbidden)]
    [TestCase("approver", HttpStatusCode.Forbidden)]
    public async Task Key_management_needs_admin(string? role, HttpStatusCode expected)
    {
        var client = Client(role is null ? null : await KeyAsync(role, "01"));
        await AssertProblem(await client.GetAsync("/api/v1/admin/keys"), expected);
        await AssertProblem(await client.PostAsJsonAsync("/api/v1/admin/keys", new { name = "x", role = "admin" }), expected);
        await AssertProblem(await client.DeleteAsync("/api/v1/admin/keys/1"), expected);
    }
}

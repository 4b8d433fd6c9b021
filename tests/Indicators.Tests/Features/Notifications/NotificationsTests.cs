using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Notifications;

public sealed class NotificationsTests : ApiTest
{
    private const string Unit = "51@2025-07-01";
    private static readonly string Url = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");
    private const string Values = """{"values":[{"indicator":"BHYT_COVERAGE","value":93.5}],"submit":true}""";

    private static async Task<JsonArray> Items(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await Json(response))["items"]!.AsArray();
    }

    [Test]
    public async Task A_return_and_an_approval_are_notified_to_the_keys_of_the_unit_only()
    {
        Assert.That((await Admin().PutAsync(Url, JsonBody(Values))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var approver = Client(await KeyAsync("approver", Unit));
        Assert.That((await approver.PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), JsonBody("""{"comment":"Thiếu mẫu số."}"""))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PutAsync(Url, JsonBody(Values.Replace("93.5", "93.6,\"comment\":\"Sửa theo BHXH\"")))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await approver.PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var reporter = Client(await KeyAsync("reporter", Unit));
        var items = await Items(await reporter.GetAsync(ApiRoutes.Notifications));
        Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "returned", "approved" }));
        Assert.That(items[0]!["message"]!.GetValue<string>(), Does.Contain("Thiếu mẫu số."));
        Assert.That(items.Select(i => i!["period"]!.GetValue<string>()), Is.All.EqualTo("2025Q3"));

        var since = items[0]!["id"]!.GetValue<long>();
        var later = await Items(await reporter.GetAsync(ApiRoutes.Notifications + $"?since={since}"));
        Assert.That(later.Select(i => i!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "approved" }));
        var paged = await Json(await reporter.GetAsync(ApiRoutes.Notifications + "?limit=1"));
        Assert.That(paged["items"]!.AsArray(), Has.Count.EqualTo(1));
        var next = await Items(await reporter.GetAsync(ApiRoutes.Notifications + $"?limit=1&cursor={Uri.EscapeDataString(paged["nextCursor"]!.GetValue<string>())}"));
        Assert.That(next.Select(i => i!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "approved" }));

        var other = Client(await KeyAsync("reporter", "01"));
        Assert.That(await Items(await other.GetAsync(ApiRoutes.Notifications)), Is.Empty, "another province's key sees none of them");
        await AssertProblem(await other.GetAsync(ApiRoutes.Notifications + $"?unit={Unit}"), HttpStatusCode.Forbidden);
        Assert.That(await Items(await Admin().GetAsync(ApiRoutes.Notifications + $"?unit={Unit}")), Has.Count.EqualTo(2));
        await AssertProblem(await Client().GetAsync(ApiRoutes.Notifications), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task A_refused_return_writes_no_notification()
    {
        var approver = Client(await KeyAsync("approver", Unit));
        await AssertProblem(await approver.PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), JsonBody("""{"comment":"Không có gì để trả."}""")), HttpStatusCode.NotFound);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM notifications"), Is.Zero);
    }
}

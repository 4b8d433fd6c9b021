using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Submissions;

/// <summary>Approval level by level: commune, province, Ministry; returns with a reason seen below; partial reopening; changes counted.</summary>
public sealed class ApprovalLevelsTests : ApiTest
{
    private const string Commune = "21025@2025-07-01";
    private const string Province = "51@2025-07-01";
    private static readonly string CommuneUrl = ApiRoutes.SubmissionUrl(Commune, "2025Q3");
    private static readonly string ProvinceUrl = ApiRoutes.SubmissionUrl(Province, "2025Q3");
    private const string Reason = "Tỷ lệ bao phủ vượt số thẻ BHXH cấp; đề nghị rà soát mẫu số.";

    private static string Levels(JsonNode submission) =>
        string.Join(",", submission["approvals"]!.AsArray().Select(a => $"{a!["level"]}:{a["status"]}"));

    private static async Task<JsonNode> Ok(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await Json(response);
    }

    [Test]
    public async Task A_commune_value_approved_at_two_levels_and_returned_by_the_Ministry_is_corrected_and_approved_again()
    {
        var reporter = Client(await KeyAsync("reporter", Province));
        var communeApprover = Client(await KeyAsync("approver", Commune));
        var provinceApprover = Client(await KeyAsync("approver", Province));
        var ministry = Client(await KeyAsync("approver", "VN"));

        await Ok(await reporter.PutAsync(CommuneUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","numerator":9800,"denominator":10000}],"submit":true}""")));
        var atCommune = await Ok(await communeApprover.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        Assert.That(atCommune["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        Assert.That(Levels(atCommune), Is.EqualTo("commune:approved,province:pending,ministry:pending"));
        Assert.That(atCommune["awaitingLevel"]!.GetValue<string>(), Is.EqualTo("province"));
        // The Ministry may not skip the province: it approves through it, so nothing is refused; but the commune cannot act again.
        await AssertProblem(await communeApprover.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null), HttpStatusCode.Conflict);

        var atProvince = await Ok(await provinceApprover.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        Assert.That(Levels(atProvince), Is.EqualTo("commune:approved,province:approved,ministry:pending"));
        Assert.That(atProvince["approvals"]![1]!["by"]!.GetValue<string>(), Does.StartWith("approver test"));
        var locked = await AssertProblem(await communeApprover.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Return), JsonBody(new { comment = "Sai mẫu số" })), HttpStatusCode.Conflict);
        Assert.That(locked["detail"]!.GetValue<string>(), Does.Contain("province level"), "an approved province level locks the commune's");

        var returned = await Ok(await ministry.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Return), JsonBody(new { comment = Reason })));
        Assert.That(returned["status"]!.GetValue<string>(), Is.EqualTo("returned"));
        Assert.That(Levels(returned), Is.EqualTo("commune:pending,province:pending,ministry:returned"));

        // The province and the commune see the reason: in the submission, and in their notifications.
        var seen = await Ok(await Client(await KeyAsync("reader")).GetAsync(CommuneUrl));
        Assert.That(seen["approvals"]![2]!["reason"]!.GetValue<string>(), Is.EqualTo(Reason));
        Assert.That(seen["statusComment"]!.GetValue<string>(), Is.EqualTo(Reason));
        var communeNotices = (await Ok(await communeApprover.GetAsync(ApiRoutes.Notifications + $"?unit={Commune}")))["items"]!.AsArray();
        Assert.That(communeNotices.Where(n => n!["kind"]!.GetValue<string>() == "returned").Select(n => n!["message"]!.GetValue<string>()), Has.One.Contain(Reason));
        var provinceNotices = (await Ok(await provinceApprover.GetAsync(ApiRoutes.Notifications + $"?unit={Province}")))["items"]!.AsArray();
        Assert.That(provinceNotices.Where(n => n!["kind"]!.GetValue<string>() == "returned" && n["unit"]!.GetValue<string>() == Province)
            .Select(n => n!["message"]!.GetValue<string>()), Has.One.Contain(Reason).And.One.Contain(Commune), "the province's own row");

        var corrected = await Ok(await reporter.PutAsync(CommuneUrl,
            JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","numerator":9300,"denominator":10000,"comment":"Sửa theo số thẻ BHXH"}],"submit":true}""")));
        Assert.That(corrected["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
        Assert.That(corrected["changesSinceApproval"]!.GetValue<long>(), Is.EqualTo(1));

        await Ok(await communeApprover.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        await Ok(await provinceApprover.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        var final = await Ok(await ministry.PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        Assert.That(Levels(final), Is.EqualTo("commune:approved,province:approved,ministry:approved"));
        Assert.That(final["awaitingLevel"], Is.Null);
        Assert.That(final["values"]![0]!["value"]!.GetValue<decimal>(), Is.EqualTo(93m));

        // Every step in the audit trail: who acted, at which level, what it approved, with the reason.
        var trail = (await Ok(await Client(await KeyAsync("reader")).GetAsync($"{ApiRoutes.ValueAudit}?unit={Commune}&period=2025Q3")))["items"]!.AsArray();
        var steps = trail.Where(e => e!["entity"]!.GetValue<string>() == "submission").Select(e => e!).ToList();
        Assert.That(steps.Select(s => s["action"]!.GetValue<string>()), Is.EqualTo(new[] { "submitted", "approve", "approve", "return", "submitted", "approve", "approve", "approve" }));
        Assert.That(steps.Select(s => s["status"]!.GetValue<string>()),
            Is.EqualTo(new[] { "submitted", "approved", "approved", "returned", "submitted", "approved", "approved", "approved" }));
        Assert.That(steps.Select(s => s["level"]?.GetValue<string>()),
            Is.EqualTo(new[] { null, "commune", "province", "ministry", null, "commune", "province", "ministry" }));
        Assert.That(steps.Select(s => s["approvedLevels"] is JsonArray levels ? string.Join(",", levels.Select(l => l!.GetValue<string>())) : null),
            Is.EqualTo(new[] { null, "commune", "province", null, null, "commune", "province", "ministry" }), "a return approves nothing");
        Assert.That(steps[3]["reason"]!.GetValue<string>(), Is.EqualTo(Reason));
        Assert.That(steps[2]["actor"]!.GetValue<string>(), Does.StartWith("approver test"));
        Assert.That(trail.Where(e => e!["entity"]!.GetValue<string>() == "value").Select(e => (e!["status"], e["level"], e["approvedLevels"])),
            Has.All.EqualTo(((JsonNode?)null, (JsonNode?)null, (JsonNode?)null)), "a value's entry has no submission step");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value' AND unit_id = @Commune", new { Commune }), Is.EqualTo(2), "the value and its correction");
    }

    [Test]
    public async Task An_admin_approves_through_every_level_in_one_call_recorded_once()
    {
        await Ok(await Admin().PutAsync(CommuneUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}],"submit":true}""")));
        var approved = await Ok(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        Assert.That(Levels(approved), Is.EqualTo("commune:approved,province:approved,ministry:approved"));
        Assert.That(approved["approvals"]!.AsArray().Select(a => a!["by"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1));
        var trail = (await Ok(await Admin().GetAsync($"{ApiRoutes.ValueAudit}?unit={Commune}&period=2025Q3")))["items"]!.AsArray();
        var approval = trail.Single(e => e!["action"]!.GetValue<string>() == "approve")!;
        Assert.That(approval["level"]!.GetValue<string>(), Is.EqualTo("ministry"), "an admin acts at the top level");
        Assert.That(approval["approvedLevels"]!.AsArray().Select(l => l!.GetValue<string>()), Is.EqualTo(new[] { "commune", "province", "ministry" }));
        Assert.That(approval["status"]!.GetValue<string>(), Is.EqualTo("approved"));
    }

    [Test]
    public async Task A_province_submission_starts_at_province_level_and_a_commune_key_cannot_act_on_it()
    {
        await Ok(await Admin().PutAsync(ProvinceUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}],"submit":true}""")));
        var submitted = await Ok(await Client().GetAsync(ProvinceUrl));
        Assert.That(Levels(submitted), Is.EqualTo("province:pending,ministry:pending"));
        Assert.That(submitted["awaitingLevel"]!.GetValue<string>(), Is.EqualTo("province"));
        var refused = await AssertProblem(await Client(await KeyAsync("approver", Commune)).PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Approve), null), HttpStatusCode.Forbidden);
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain(Commune));
    }

    [Test]
    public async Task A_reopening_limited_to_one_indicator_leaves_the_others_locked_and_counts_the_change()
    {
        await Ok(await Admin().PutAsync(ProvinceUrl, JsonBody("""
            {"values":[{"indicator":"BHYT_COVERAGE","value":91.5},{"indicator":"EPI_FULL_IMMUNIZATION","value":96.5}],"submit":true}
            """)));
        await Ok(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Approve), null));
        var reopened = await Ok(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Reopen), JsonBody(new { indicators = new[] { "BHYT_COVERAGE" }, comment = "Sửa theo BHXH" })));
        Assert.That(reopened["status"]!.GetValue<string>(), Is.EqualTo("returned"));
        Assert.That(reopened["editableIndicators"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "BHYT_COVERAGE" }));

        var reporter = Client(await KeyAsync("reporter", Province));
        var locked = await AssertProblem(await reporter.PutAsync(ProvinceUrl,
            JsonBody("""{"values":[{"indicator":"EPI_FULL_IMMUNIZATION","value":97,"comment":"nhân tiện"}]}""")), HttpStatusCode.Conflict);
        Assert.That(locked["detail"]!.GetValue<string>(), Does.Contain("BHYT_COVERAGE only"));
        var corrected = await Ok(await reporter.PutAsync(ProvinceUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":92.1,"comment":"Sửa theo BHXH"}],"submit":true}""")));
        Assert.That(corrected["changesSinceApproval"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(corrected["editableIndicators"]!.AsArray(), Has.Count.EqualTo(1), "still limited until approved again");

        var approved = await Ok(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Approve), null));
        Assert.That(approved["editableIndicators"], Is.Null);
        Assert.That(approved["changesSinceApproval"]!.GetValue<long>(), Is.EqualTo(1), "the count stays: approved figures changed once");
    }

    [Test]
    public async Task The_list_shows_where_each_submission_of_a_province_stands_level_by_level()
    {
        await Ok(await Admin().PutAsync(CommuneUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}],"submit":true}""")));
        await Ok(await Admin().PutAsync(ProvinceUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":92.5}],"submit":true}""")));
        await Ok(await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":95.5}],"submit":true}""")));
        await Ok(await Client(await KeyAsync("approver", Province)).PostAsync(ApiRoutes.SubmissionStepUrl(Commune, "2025Q3", SubmissionAction.Approve), null));
        await Ok(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Return), JsonBody(new { comment = Reason })));

        var items = (await Ok(await Client().GetAsync(ApiRoutes.Submissions + $"?period=2025Q3&unit={Province}")))["items"]!.AsArray();
        Assert.That(items.Select(i => i!["unit"]!.GetValue<string>()), Is.EqualTo(new[] { Commune, Province }), "the province and its commune, not Hà Nội");
        var commune = items[0]!;
        Assert.That((commune["communeStatus"]!.GetValue<string>(), commune["provinceStatus"]!.GetValue<string>(), commune["ministryStatus"]!.GetValue<string>()),
            Is.EqualTo(("approved", "approved", "pending")));
        Assert.That(commune["awaitingLevel"]!.GetValue<string>(), Is.EqualTo("ministry"));
        var province = items[1]!;
        Assert.That(province["communeStatus"], Is.Null, "no commune level for a province's data");
        Assert.That(province["ministryStatus"]!.GetValue<string>(), Is.EqualTo("returned"));
        Assert.That(province["statusComment"]!.GetValue<string>(), Is.EqualTo(Reason));

        var returned = (await Ok(await Client().GetAsync(ApiRoutes.Submissions + "?status=returned")))["items"]!.AsArray();
        Assert.That(returned.Select(i => i!["unit"]!.GetValue<string>()), Is.EqualTo(new[] { Province }));
        var csv = await Client().GetStringAsync(ApiRoutes.Submissions + $"?period=2025Q3&unit={Province}&format=csv");
        Assert.That(csv.Split('\n')[0], Does.Contain("communeStatus,communeBy,communeAt,provinceStatus"));
        await AssertProblem(await Client().GetAsync(ApiRoutes.Submissions + "?status=done"), HttpStatusCode.BadRequest, "status");
        await AssertProblem(await Client().GetAsync(ApiRoutes.Submissions + "?period=2025Q5"), HttpStatusCode.BadRequest, "period");
    }

    [TestCase("approve", """{"indicators":["BHYT_COVERAGE"]}""", "indicators")]
    [TestCase("reopen", """{"indicators":["NO_SUCH"],"comment":"x"}""", "indicators[0]")]
    [TestCase("reopen", """{"indicators":[],"comment":"x"}""", "indicators")]
    [TestCase("return", """{"indicators":["BHYT_COVERAGE","BHYT_COVERAGE"],"comment":"x"}""", "indicators")]
    public async Task Bad_indicator_lists_are_400(string step, string body, string field)
    {
        await Ok(await Admin().PutAsync(ProvinceUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}],"submit":true}""")));
        if (step == "reopen") await Ok(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Approve), null));
        await AssertProblem(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", EnumText.Parse<SubmissionAction>(step)), JsonBody(body)), HttpStatusCode.BadRequest, field);
    }
}

/// <summary>A deployment with one approval level, the province's: as before multi-level approval.</summary>
public sealed class SingleApprovalLevelTests : ApiTest
{
    private static readonly string CommuneUrl = ApiRoutes.SubmissionUrl("21025@2025-07-01", "2025Q3");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Approval:Levels"] = "province" };

    [Test]
    public async Task Only_the_province_level_approves()
    {
        Assert.That((await Admin().PutAsync(CommuneUrl, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}],"submit":true}"""))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var commune = await AssertProblem(await Client(await KeyAsync("approver", "21025@2025-07-01")).PostAsync(ApiRoutes.SubmissionStepUrl("21025@2025-07-01", "2025Q3", SubmissionAction.Approve), null), HttpStatusCode.Forbidden);
        Assert.That(commune["detail"]!.GetValue<string>(), Does.Contain("commune approval level").And.Contain("province"));
        await AssertProblem(await Client(await KeyAsync("approver", "VN")).PostAsync(ApiRoutes.SubmissionStepUrl("21025@2025-07-01", "2025Q3", SubmissionAction.Approve), null), HttpStatusCode.Forbidden);

        var response = await Client(await KeyAsync("approver", "51@2025-07-01")).PostAsync(ApiRoutes.SubmissionStepUrl("21025@2025-07-01", "2025Q3", SubmissionAction.Approve), null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var approved = await Json(response);
        Assert.That(approved["approvals"]!.AsArray().Select(a => $"{a!["level"]}:{a["status"]}"), Is.EqualTo(new[] { "province:approved" }));
        Assert.That(approved["awaitingLevel"], Is.Null);
    }
}

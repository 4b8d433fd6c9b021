using System.Net;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Submissions;

/// <summary>The workflow over HTTP: every allowed and forbidden step, with roles and unit scopes.</summary>
public sealed class WorkflowTests : ApiTest
{
    private static readonly string Url = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");

    private static StringContent Comment(string text = "Số liệu chưa khớp") => JsonBody(new { comment = text });

    private async Task<string> StatusAsync() => (await Json(await Client().GetAsync(Url)))["status"]!.GetValue<string>();

    private async Task SaveAsync(bool submit) =>
        Assert.That((await Admin().PutAsync(Url, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.4 } }, submit }))).StatusCode,
            Is.EqualTo(HttpStatusCode.OK));

    [Test]
    public async Task Draft_submit_approve_reopen_return_cycle()
    {
        await SaveAsync(submit: false);
        Assert.That(await StatusAsync(), Is.EqualTo("draft"));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Submit), null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), Comment())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(), Is.EqualTo("returned"));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Submit), null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Reopen), Comment("Sửa theo kiểm tra"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(), Is.EqualTo("returned"));

        var steps = await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'submission'");
        Assert.That(steps, Is.EqualTo(6), "created as draft, submit, return, submit, approve, reopen");
    }

    // From each status, the steps that are refused with a 409.
    [TestCase("draft", "approve")]
    [TestCase("draft", "return")]
    [TestCase("draft", "reopen")]
    [TestCase("submitted", "submit")]
    [TestCase("submitted", "reopen")]
    [TestCase("approved", "submit")]
    [TestCase("approved", "approve")]
    [TestCase("approved", "return")]
    [TestCase("returned", "approve")]
    [TestCase("returned", "return")]
    [TestCase("returned", "reopen")]
    public async Task Forbidden_steps_are_409(string from, string step)
    {
        await ReachAsync(from);
        await AssertProblem(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", EnumText.Parse<SubmissionAction>(step)), Comment()), HttpStatusCode.Conflict);
        Assert.That(await StatusAsync(), Is.EqualTo(from));
    }

    [TestCase("draft", "submit", "submitted")]
    [TestCase("submitted", "approve", "approved")]
    [TestCase("submitted", "return", "returned")]
    [TestCase("approved", "reopen", "returned")]
    [TestCase("returned", "submit", "submitted")]
    public async Task Allowed_steps(string from, string step, string to)
    {
        await ReachAsync(from);
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", EnumText.Parse<SubmissionAction>(step)), Comment())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await StatusAsync(), Is.EqualTo(to));
    }

    [TestCase("return")]
    [TestCase("reopen")]
    public async Task Return_and_reopen_need_a_comment(string step)
    {
        await ReachAsync(step == "return" ? "submitted" : "approved");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", EnumText.Parse<SubmissionAction>(step)), JsonBody(new { comment = " " })), HttpStatusCode.BadRequest, "comment");
    }

    [Test]
    public async Task A_step_on_a_missing_submission_is_404() =>
        await AssertProblem(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null), HttpStatusCode.NotFound);

    // Who may take which step, for a submission of the merged Quảng Ngãi.
    [TestCase("submit", "reporter", "51@2025-07-01", HttpStatusCode.OK)]
    [TestCase("submit", "reporter", "01", HttpStatusCode.Forbidden)]
    [TestCase("submit", "approver", "51@2025-07-01", HttpStatusCode.Forbidden)]
    [TestCase("submit", "reader", "51@2025-07-01", HttpStatusCode.Forbidden)]
    [TestCase("approve", "approver", "51@2025-07-01", HttpStatusCode.OK)]
    [TestCase("approve", "approver", "01", HttpStatusCode.Forbidden)]
    [TestCase("approve", "reporter", "51@2025-07-01", HttpStatusCode.Forbidden)]
    [TestCase("reopen", "approver", "51@2025-07-01", HttpStatusCode.Forbidden)]
    [TestCase("reopen", "reporter", "51@2025-07-01", HttpStatusCode.Forbidden)]
    public async Task Roles_and_scopes(string step, string role, string unit, HttpStatusCode expected)
    {
        await ReachAsync(step switch { "submit" => "draft", "approve" => "submitted", _ => "approved" });
        var response = await Client(await KeyAsync(role, unit)).PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", EnumText.Parse<SubmissionAction>(step)), Comment());
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    [TestCase("51@2025-07-01", "51@2025-07-01", HttpStatusCode.OK)]
    [TestCase("51@2025-07-01", "51", HttpStatusCode.OK)]
    [TestCase("51@2025-07-01", "62", HttpStatusCode.OK)]
    [TestCase("51@2025-07-01", "21025@2025-07-01", HttpStatusCode.OK)]
    [TestCase("51@2025-07-01", "01", HttpStatusCode.Forbidden)]
    // A bare code in a key means today's unit: "51" is the merged Quảng Ngãi, "62" (Kon Tum, no current unit) the former one.
    [TestCase("51", "51@2025-07-01", HttpStatusCode.OK)]
    [TestCase("62", "51@2025-07-01", HttpStatusCode.Forbidden)]
    [TestCase("62", "51", HttpStatusCode.Forbidden)]
    public async Task A_reporter_writes_its_units_their_communes_and_predecessors_only(string scope, string unit, HttpStatusCode expected)
    {
        var period = unit is "51" or "62" ? "2025Q2" : "2025Q3";
        var response = await Client(await KeyAsync("reporter", scope)).PutAsync(ApiRoutes.SubmissionUrl(unit, period),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 90 } } }));
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Anonymous_writes_are_401() =>
        await AssertProblem(await Client().PutAsync(Url, JsonBody(new { values = Array.Empty<object>() })), HttpStatusCode.Unauthorized);

    private async Task ReachAsync(string status)
    {
        await SaveAsync(submit: status != "draft");
        if (status is "approved" or "returned") await Admin().PostAsync(Url + (status == "approved" ? "/approve" : "/return"), Comment());
        Assert.That(await StatusAsync(), Is.EqualTo(status));
    }
}

using System.Net;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Submissions;

/// <summary><c>{"values":[],"submit":true}</c>: submits what was saved, or is a 400 naming values when nothing was.</summary>
public sealed class SubmitWithoutValuesTests : ApiTest
{
    private static readonly string Url = ApiRoutes.SubmissionUrl("79", "2025Q3");

    [Test]
    public async Task Where_nothing_was_saved_it_is_a_400_naming_values_and_writes_nothing()
    {
        var audit = await ScalarAsync("SELECT COUNT(*) FROM audit_log");
        var problem = await AssertProblem(await Admin().PutAsync(Url, JsonBody("""{"values":[],"submit":true}""")), HttpStatusCode.BadRequest, "values");
        Assert.That(problem["errors"]!["values"]![0]!.GetValue<string>(), Does.Contain("nothing to submit"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log"), Is.EqualTo(audit));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM submissions"), Is.EqualTo(0));
    }

    [Test]
    public async Task A_saved_draft_is_submitted()
    {
        var draft = await Admin().PutAsync(Url, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } } }));
        Assert.That((await Json(draft))["status"]!.GetValue<string>(), Is.EqualTo("draft"));

        var response = await Admin().PutAsync(Url, JsonBody("""{"values":[],"submit":true}"""));
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
        Assert.That(body["values"]!.AsArray().Single()!["value"]!.GetValue<decimal>(), Is.EqualTo(93.5m));
    }

    [Test]
    public async Task An_approved_submission_is_a_409()
    {
        await Admin().PutAsync(Url, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.5m } }, submit = true }));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("79", "2025Q3", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await AssertProblem(await Admin().PutAsync(Url, JsonBody("""{"values":[],"submit":true}""")), HttpStatusCode.Conflict);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Explanations;

public sealed class ExplanationsTests : ApiTest
{
    private const string Unit = "51@2025-07-01";

    private async Task<(long Id, int Year)> TargetOfTheUnitAsync() =>
        (await ScalarAsync("SELECT MIN(id) FROM targets WHERE unit_id = @Unit AND deleted_at IS NULL AND year = 2030", new { Unit }), 2030);

    private static object Body(long targetId, int year = 2025, string cause = "staffShortage", string status = "open", string? agency = "SO_Y_TE") => new
    {
        targetId, unit = Unit, year, cause, textVi = "Thiếu bác sĩ do nghỉ việc sau sáp nhập.", correctiveAction = "Tuyển dụng 40 bác sĩ.", agency,
        dueDate = "2026-12-31", status,
    };

    private static HttpRequestMessage Put(long id, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, ApiRoutes.ExplanationUrl(id)) { Content = JsonBody(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return request;
    }

    [Test]
    public async Task An_explanation_is_created_revised_with_if_match_and_keeps_its_history()
    {
        var (target, _) = await TargetOfTheUnitAsync();
        var reporter = Client(await KeyAsync("reporter", Unit));
        var created = await reporter.PostAsync(ApiRoutes.Explanations, JsonBody(Body(target)));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(created.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        var json = await Json(created);
        var id = json["id"]!.GetValue<long>();
        Assert.That(json["causeNameVi"]!.GetValue<string>(), Is.EqualTo("Thiếu nhân lực"));
        Assert.That(json["causeNameEn"]!.GetValue<string>(), Is.EqualTo("Staff shortage"));

        var again = await reporter.PostAsync(ApiRoutes.Explanations, JsonBody(Body(target)));
        await AssertProblem(again, HttpStatusCode.Conflict);

        var approver = Client(await KeyAsync("approver", Unit));
        var changed = await approver.SendAsync(Put(id, Body(target, status: "inProgress"), "\"1\""));
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
        Assert.That(changed.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
        await AssertProblem(await approver.SendAsync(Put(id, Body(target, status: "resolved"), "\"1\"")), HttpStatusCode.PreconditionFailed);
        await AssertProblem(await approver.SendAsync(Put(id, Body(target, status: "resolved"), null)), (HttpStatusCode)428);

        var history = (await Json(await Client().GetAsync(ApiRoutes.ExplanationHistoryUrl(id))))["items"]!.AsArray();
        Assert.That(history.Select(h => h!["status"]!.GetValue<string>()), Is.EqualTo(new[] { "open", "inProgress" }));
        var audit = await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'explanation'");
        Assert.That(audit, Is.EqualTo(2), "every change is audited");

        var listed = (await Json(await Client().GetAsync(ApiRoutes.Explanations + $"?unit={Unit}&status=inProgress&target={target}")))["items"]!.AsArray();
        Assert.That(listed.Select(e => e!["id"]!.GetValue<long>()), Is.EqualTo(new[] { id }));
        var none = (await Json(await Client().GetAsync(ApiRoutes.Explanations + "?status=resolved")))["items"]!.AsArray();
        Assert.That(none, Is.Empty);
    }

    [Test]
    public async Task The_attainment_row_the_scorecard_and_the_csv_show_the_explanation()
    {
        var (target, _) = await TargetOfTheUnitAsync();
        var created = await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(Body(target, cause: "fundingShortage")));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

        var rows = (await Json(await Client().GetAsync(ApiRoutes.Attainment + $"?unit={Unit}&year=2030&asOf=2026-03-01&limit=1000")))["items"]!.AsArray();
        var row = rows.Single(r => r!["targetId"]!.GetValue<long>() == target)!;
        Assert.That(row["explanation"]!["cause"]!.GetValue<string>(), Is.EqualTo("fundingShortage"));
        Assert.That(row["explanation"]!["status"]!.GetValue<string>(), Is.EqualTo("open"));
        Assert.That(rows.Where(r => r!["targetId"]!.GetValue<long>() != target).Select(r => r!["explanation"]), Is.All.Null);
        var before = (await Json(await Client().GetAsync(ApiRoutes.Attainment + $"?unit={Unit}&year=2030&asOf=2024-12-31&limit=1000")))["items"]!.AsArray();
        Assert.That(before.Single(r => r!["targetId"]!.GetValue<long>() == target)!["explanation"], Is.Null, "a 2025 explanation is not shown as of 2024");

        var scorecard = await Json(await Client().GetAsync(ApiRoutes.ScorecardUrl(Unit) + "?year=2030&asOf=2026-03-01"));
        Assert.That(scorecard["items"]!.AsArray().Single(r => r!["targetId"]!.GetValue<long>() == target)!["explanation"]!["textVi"]!.GetValue<string>(),
            Is.EqualTo("Thiếu bác sĩ do nghỉ việc sau sáp nhập."));

        var csv = await (await Client().GetAsync(ApiRoutes.Attainment + $"?unit={Unit}&year=2030&asOf=2026-03-01&format=csv")).Content.ReadAsStringAsync();
        Assert.That(csv.Split('\n')[0], Does.EndWith(",explanation\r"));
        Assert.That(csv, Does.Contain("fundingShortage (open, SO_Y_TE, 2026-12-31): Thiếu bác sĩ do nghỉ việc sau sáp nhập. — Tuyển dụng 40 bác sĩ."));
        var xlsx = await Client().GetAsync(ApiRoutes.ScorecardUrl(Unit) + "?year=2030&asOf=2026-03-01&format=xlsx");
        Assert.That(xlsx.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Writes_need_a_reporter_or_approver_of_the_unit_or_an_admin()
    {
        var (target, _) = await TargetOfTheUnitAsync();
        await AssertProblem(await Client(await KeyAsync("reader", Unit)).PostAsync(ApiRoutes.Explanations, JsonBody(Body(target))), HttpStatusCode.Forbidden);
        await AssertProblem(await Client(await KeyAsync("reporter", "01")).PostAsync(ApiRoutes.Explanations, JsonBody(Body(target))), HttpStatusCode.Forbidden);
        await AssertProblem(await Client().PostAsync(ApiRoutes.Explanations, JsonBody(Body(target))), HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Bad_explanations_name_their_field()
    {
        var (target, _) = await TargetOfTheUnitAsync();
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(Body(target, cause: "weather"))), HttpStatusCode.BadRequest, "cause");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(Body(target, agency: "SO_KHONG_CO"))), HttpStatusCode.BadRequest, "agency");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(Body(target, year: 2031))), HttpStatusCode.BadRequest, "year");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(Body(999999))), HttpStatusCode.BadRequest, "targetId");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Explanations, JsonBody(Body(target, status: "closed"))), HttpStatusCode.BadRequest, "status");
    }
}

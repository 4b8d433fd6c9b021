using System.Net;
using Indicators.Api.Seeding;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Seeding;

/// <summary><c>--demo</c> fills only what nobody wrote, and its synthetic figures say so through the API.</summary>
public sealed class DemoDataTests : ApiTest
{
    private const string QuangNgai = "51@2025-07-01";

    private async Task<int> LoadDemoAsync()
    {
        await using var connection = await Service<Database>().OpenAsync();
        return await DemoData.LoadAsync(Service<Database>(), Path.Combine(AppContext.BaseDirectory, "seeds"),
            await CatalogStore.AllAsync(connection, CancellationToken.None), await Service<UnitDirectory>().GetAsync(), CancellationToken.None);
    }

    private async Task<string> CellAsync(string unit, string period, string indicator)
    {
        await using var connection = await Service<Database>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection,
            """
            SELECT v.value || '|' || COALESCE(v.comment, '') || '|' || v.updated_by || '|' || s.status || '|' || s.updated_by
            FROM data_values v JOIN submissions s ON s.id = v.submission_id
            WHERE v.unit_id = @unit AND v.period = @period AND v.indicator_code = @indicator
            """, new { unit, period, indicator }) ?? "none";
    }

    [Test]
    public async Task Demo_data_never_overwrites_a_persons_figures()
    {
        // An approved correction with its comment, a draft, and a submitted value of a person.
        var submission = ApiRoutes.SubmissionUrl(QuangNgai, "2025Q3");
        Assert.That((await Admin().PutAsync(submission, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94m } }, submit = true }))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PutAsync(submission, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 95m, comment = "số liệu BHXH tỉnh" } } }))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(QuangNgai, "2025Q3", SubmissionAction.Approve), JsonBody("{}"))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "EPI_FULL_IMMUNIZATION", value = 96.1m } } }))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Admin().PutAsync(ApiRoutes.SubmissionUrl("79", "2024"), JsonBody(new { values = new[] { new { indicator = "POPULATION", value = 9_500_000m } }, submit = true }))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var cells = new[] { (QuangNgai, "2025Q3", "BHYT_COVERAGE"), ("01", "2025Q3", "EPI_FULL_IMMUNIZATION"), ("01", "2025Q3", "BHYT_COVERAGE"), ("79", "2024", "POPULATION"), ("79", "2024", "DOCTORS_PER_10K") };
        var before = new List<string>();
        foreach (var (unit, period, indicator) in cells) before.Add(await CellAsync(unit, period, indicator));

        Assert.That(await LoadDemoAsync(), Is.GreaterThan(5_000), "the demo filled the rest");

        var after = new List<string>();
        foreach (var (unit, period, indicator) in cells) after.Add(await CellAsync(unit, period, indicator));
        Assert.That(after, Is.EqualTo(before));
        // The value as the database renders it: 95.0 on SQLite, 95 on PostgreSQL.
        Assert.That(after[0], Does.Match(@"^95(\.0)?\|số liệu BHXH tỉnh\|").And.Contain("|approved|"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values v JOIN submissions s ON s.id = v.submission_id WHERE s.unit_id IN ('51@2025-07-01', '01') AND s.period = '2025Q3' AND v.updated_by = 'demo'"),
            Is.Zero, "the demo added nothing to a person's submission");

        var audit = await ScalarAsync("SELECT COUNT(*) FROM audit_log");
        Assert.That(await LoadDemoAsync(), Is.Zero, "loading it again writes nothing");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log"), Is.EqualTo(audit));
    }

    [Test]
    public async Task Synthetic_values_are_labelled_and_can_be_left_out()
    {
        Assert.That((await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "EPI_FULL_IMMUNIZATION", value = 96.1m } }, submit = true }))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await LoadDemoAsync();

        // 2025Q3 of Hà Nội is a person's submission, left alone; 2025Q2 is the demo's.
        const string quarters = ApiRoutes.Values + "?unit=01&from=2025Q2&to=2025Q3";
        var all = (await Json(await Client().GetAsync(quarters)))["items"]!.AsArray();
        Assert.That(all.Select(v => $"{v!["period"]}:{v["demo"]}"), Does.Contain("2025Q3:false").And.Contain("2025Q2:true"));
        Assert.That(all.Where(v => v!["demo"]!.GetValue<bool>()).Select(v => v!["period"]!.GetValue<string>()), Is.All.EqualTo("2025Q2"));

        var real = (await Json(await Client().GetAsync(quarters + "&demo=false")))["items"]!.AsArray();
        Assert.That(real.Select(v => $"{v!["indicator"]}/{v["period"]}"), Is.EqualTo(new[] { "EPI_FULL_IMMUNIZATION/2025Q3" }));
        var demo = (await Json(await Client().GetAsync(quarters + "&demo=true")))["items"]!.AsArray();
        Assert.That(demo, Is.Not.Empty);
        Assert.That(demo.Select(v => v!["demo"]!.GetValue<bool>()), Is.All.True);
    }
}

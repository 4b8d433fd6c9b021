using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Submissions;

public sealed class SubmissionsTests : ApiTest
{
    private static readonly string Url = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");

    private static object Values(bool submit = false, string? comment = null, decimal numerator = 1180000) => new
    {
        values = new object[]
        {
            new { indicator = "BHYT_COVERAGE", numerator, denominator = 1250000, comment = comment ?? "" },
            new { indicator = "EPI_FULL_IMMUNIZATION", value = 96.5 },
        },
        submit,
    };

    private async Task<string> ReporterAsync() => await KeyAsync("reporter", "51@2025-07-01");

    private async Task<string> ApproverAsync() => await KeyAsync("approver", "51@2025-07-01");

    [Test]
    public async Task A_reporter_saves_a_draft_and_the_value_is_computed_from_numerator_and_denominator()
    {
        var response = await Client(await ReporterAsync()).PutAsync(Url, JsonBody(Values()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await Json(response);
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("draft"));
        var bhyt = body["values"]!.AsArray().Single(v => v!["indicator"]!.GetValue<string>() == "BHYT_COVERAGE")!;
        Assert.That(bhyt["value"]!.GetValue<decimal>(), Is.EqualTo(94.4m));
        Assert.That(bhyt["numerator"]!.GetValue<decimal>(), Is.EqualTo(1180000m));
        Assert.That(bhyt["denominator"]!.GetValue<decimal>(), Is.EqualTo(1250000m));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE unit_id = '51@2025-07-01' AND period = '2025Q3'"), Is.EqualTo(2));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_answer_to_a_save_is_the_submission_a_read_then_finds(bool submitFirst)
    {
        // The answer is built from what was written rather than read back: it must agree with a read to the last digit,
        // for a new submission, a correction of it and a ratio whose quotient has more digits than the column keeps.
        var reporter = Client(await ReporterAsync());
        var saves = new[]
        {
            Values(submit: submitFirst, numerator: 1210000),
            new { values = new object[] { new { indicator = "BHYT_COVERAGE", numerator = 1179999, denominator = 1250013, comment = "Sửa theo số liệu BHXH" } }, submit = true },
        };
        foreach (var save in saves)
        {
            var put = await reporter.PutAsync(Url, JsonBody(save));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
            var answered = await Json(put);
            answered.AsObject().Remove("warnings");
            var read = await Json(await reporter.GetAsync(Url));
            read.AsObject().Remove("warnings");
            Assert.That(answered.ToJsonString(), Is.EqualTo(read.ToJsonString()));
        }
    }

    [Test]
    public async Task A_bare_code_resolves_at_the_period_end()
    {
        var reporter = await ReporterAsync();
        var merged = await Json(await Client(reporter).PutAsync(ApiRoutes.SubmissionUrl("51", "2025Q3"), JsonBody(Values())));
        Assert.That(merged["unit"]!.GetValue<string>(), Is.EqualTo("51@2025-07-01"));
        var former = await Json(await Client(reporter).PutAsync(ApiRoutes.SubmissionUrl("51", "2025Q2"), JsonBody(Values())));
        Assert.That(former["unit"]!.GetValue<string>(), Is.EqualTo("51"), "the merged province's key back-fills its predecessor");
    }

    [Test]
    public async Task Binh_Thuan_takes_2025Q2_and_refuses_2025Q3_naming_its_successor()
    {
        var admin = Admin();
        var ok = await admin.PutAsync(ApiRoutes.SubmissionUrl("60", "2025Q2"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 95.00m } } }));
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refused = await AssertProblem(await admin.PutAsync(ApiRoutes.SubmissionUrl("60", "2025Q3"),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 95.00m } } })), HttpStatusCode.BadRequest, "unit");
        Assert.That(refused["errors"]!["unit"]![0]!.GetValue<string>(), Does.Contain("68@2025-07-01"));
    }

    [Test]
    public async Task A_period_coarser_than_the_indicator_frequency_is_refused() =>
        await AssertProblem(await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025"),
            JsonBody(new { values = new object[] { new { indicator = "DOCTORS_PER_10K", value = 12 }, new { indicator = "BHYT_COVERAGE", value = 95 } } })),
            HttpStatusCode.BadRequest, "values[1].period");

    [TestCase("2025Q5")]
    [TestCase("2025-Q1")]
    [TestCase("20251")]
    [TestCase("0025")]
    [TestCase("abcd")]
    public async Task A_bad_period_is_a_400_naming_the_period(string period) =>
        await AssertProblem(await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", period), JsonBody(Values())), HttpStatusCode.BadRequest, "period");

    [Test]
    public async Task Every_invalid_value_is_reported_at_once_and_nothing_is_written()
    {
        var body = new
        {
            values = new object[]
            {
                new { indicator = "BHYT_COVERAGE", value = 95 },
                new { indicator = "BHYT_COVERAGE", value = 96 },
                new { indicator = "NOPE", value = 1 },
                new { indicator = "EPI_FULL_IMMUNIZATION", numerator = 10, denominator = 5 },
                new { indicator = "BHYT_VISITS_AT_COMMUNE_SHARE", value = 120 },
                new { indicator = "NCD_MANAGING_STATIONS_RATE", numerator = 5 },
                new { indicator = "COMMUNE_STATIONS_WITH_DOCTOR_RATE" },
                new { indicator = "HEALTH_MANAGED_POPULATION_RATE", value = -1 },
                new { indicator = "E_HEALTH_BOOK_RATE", value = 50, numerator = 1, denominator = 4 },
            },
        };
        var problem = await AssertProblem(await Admin().PutAsync(Url, JsonBody(body)), HttpStatusCode.BadRequest,
            "values[1].indicator", "values[2].indicator", "values[3].numerator", "values[4].value", "values[5].denominator",
            "values[6].value", "values[7].value", "values[8].value");
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Not.Contain("values[0].value"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM submissions"), Is.Zero);
    }

    [TestCase("""{"values":[{"indicator":"BHYT_COVERAGE","value":"95"}]}""", "values[0].value")]
    [TestCase("""{"values":[{"indicator":"BHYT_COVERAGE","value":NaN}]}""", "values[0].value")]
    [TestCase("""{"values":[{"indicator":"BHYT_COVERAGE","value":1e400}]}""", "values[0].value")]
    [TestCase("""{"values":[{"indicator":"BHYT_COVERAGE","vaule":95}]}""", "values[0].vaule")]
    [TestCase("""{"values":[null]}""", "values[0]")]
    [TestCase("""{"submit":true}""", "values")]
    public async Task Malformed_values_are_400_with_the_field_path(string json, string field) =>
        await AssertProblem(await Admin().PutAsync(Url, JsonBody(json)), HttpStatusCode.BadRequest, field);

    [Test]
    public async Task A_dry_run_validates_and_writes_nothing()
    {
        var response = await Client(await ReporterAsync()).PutAsync(Url + "?dryRun=true", JsonBody(Values()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
        await AssertProblem(await Admin().PutAsync(Url + "?dryRun=true", JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 101 } } })),
            HttpStatusCode.BadRequest, "values[0].value");
    }

    [Test]
    public async Task DryRun_is_a_query_parameter_and_not_a_member_of_the_body()
    {
        await AssertProblem(await Admin().PutAsync(Url, JsonBody("""{"values":[{"indicator":"BHYT_COVERAGE","value":90}],"dryRun":true}""")),
            HttpStatusCode.BadRequest, "dryRun");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task Submitted_then_approved_then_a_write_is_a_409_naming_the_approver()
    {
        var reporter = Client(await ReporterAsync());
        var submitted = await Json(await reporter.PutAsync(Url, JsonBody(Values(submit: true))));
        Assert.That(submitted["status"]!.GetValue<string>(), Is.EqualTo("submitted"));
        Assert.That(submitted["submittedBy"]!.GetValue<string>(), Does.StartWith("reporter test"));

        var approved = await Json(await Client(await ApproverAsync()).PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null));
        Assert.That(approved["status"]!.GetValue<string>(), Is.EqualTo("approved"));
        Assert.That(approved["approvedBy"]!.GetValue<string>(), Does.StartWith("approver test"));

        var refused = await AssertProblem(await reporter.PutAsync(Url, JsonBody(Values(comment: "fix", numerator: 1190000))), HttpStatusCode.Conflict);
        Assert.That(refused["detail"]!.GetValue<string>(), Does.Contain("approved by approver test").And.Contain(approved["approvedAt"]!.GetValue<string>()[..16]));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE numerator = 1190000"), Is.Zero);
    }

    [Test]
    public async Task A_correction_of_a_submitted_value_needs_a_comment_and_is_audited_with_old_and_new()
    {
        var reporter = Client(await ReporterAsync());
        await reporter.PutAsync(Url, JsonBody(Values(submit: true)));
        await AssertProblem(await reporter.PutAsync(Url, JsonBody(Values(numerator: 1190000))), HttpStatusCode.BadRequest, "values[0].comment");

        var corrected = await reporter.PutAsync(Url, JsonBody(Values(numerator: 1190000, comment: "Số thẻ cập nhật từ BHXH")));
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await corrected.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value' AND indicator_code = 'BHYT_COVERAGE' AND action = 'updated' AND old_value = 94.4 AND new_value = 95.2 AND reason = 'Số thẻ cập nhật từ BHXH'"), Is.EqualTo(1));
    }

    [Test]
    public async Task N_changes_make_N_value_audit_rows()
    {
        var admin = Admin();
        for (var i = 0; i < 5; i++)
        {
            var response = await admin.PutAsync(Url, JsonBody(new { values = new[] { new { indicator = "EPI_FULL_IMMUNIZATION", value = 90 + i } } }));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        await admin.PutAsync(Url, JsonBody(new { values = new[] { new { indicator = "EPI_FULL_IMMUNIZATION", value = 94 } } })); // unchanged: no audit
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value'"), Is.EqualTo(5));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'value' AND action = 'updated' AND new_value - old_value = 1"), Is.EqualTo(4));
    }

    [Test]
    public async Task Get_shows_status_values_and_who()
    {
        await Client(await ReporterAsync()).PutAsync(Url, JsonBody(Values()));
        var body = await Json(await Client().GetAsync(Url));
        Assert.That(body["status"]!.GetValue<string>(), Is.EqualTo("draft"));
        Assert.That(body["values"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(body["updatedBy"]!.GetValue<string>(), Does.StartWith("reporter test"));
        await AssertProblem(await Client().GetAsync(ApiRoutes.SubmissionUrl("01", "2025Q3")), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Outliers_are_accepted_with_warnings()
    {
        var admin = Admin();
        foreach (var (q, v) in new[] { ("2024Q1", 80.0m), ("2024Q2", 81.0m), ("2024Q3", 80.5m), ("2024Q4", 81.5m), ("2025Q1", 81.0m) })
        {
            await admin.PutAsync(ApiRoutes.SubmissionUrl("01", q), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = v } } }));
        }
        var response = await admin.PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q2"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 30.0m } } }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var warnings = (await Json(response))["warnings"]!.AsArray().Select(w => w!["message"]!.GetValue<string>()).ToList();
        Assert.That(warnings, Has.Count.EqualTo(3), "two outliers, and a ratio without its numerator and denominator");
        Assert.That(warnings, Has.Some.Contains("standard deviations").And.Some.Contains("2025Q1").And.Some.Contains("cannot roll up"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE period = '2025Q2' AND value = 30"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_ratio_value_without_numerator_and_denominator_is_kept_with_a_warning_that_it_cannot_roll_up()
    {
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q1"), JsonBody(new
        {
            values = new object[]
            {
                new { indicator = "BHYT_COVERAGE", value = 93.5m },
                new { indicator = "EPI_FULL_IMMUNIZATION", numerator = 9500, denominator = 10000 },
            },
        }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var warnings = (await Json(response))["warnings"]!.AsArray();
        Assert.That(warnings.Select(w => w!["indicator"]!.GetValue<string>()), Is.EqualTo(new[] { "BHYT_COVERAGE" }));
        Assert.That(warnings[0]!["message"]!.GetValue<string>(), Does.Contain("People holding a valid BHYT card").And.Contain("cannot roll up"));
    }

    // Thông tư 37 reports are cumulative for 3, 6, 9 and 12 months: the nine months fit an indicator reported year to date.
    [TestCase("EPI_FULL_IMMUNIZATION", HttpStatusCode.OK)]
    [TestCase("BHYT_COVERAGE", HttpStatusCode.BadRequest)]
    public async Task The_nine_months_are_taken_for_an_indicator_reported_year_to_date_only(string indicator, HttpStatusCode expected)
    {
        var response = await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025L9"), JsonBody(new { values = new[] { new { indicator, numerator = 9500, denominator = 10000 } } }));
        if (expected == HttpStatusCode.OK)
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
            var saved = await Json(response);
            Assert.That((saved["period"]!.GetValue<string>(), saved["periodLabel"]!.GetValue<string>()), Is.EqualTo(("2025L9", "9 tháng năm 2025")));
        }
        else
        {
            var problem = await AssertProblem(response, expected, "values[0].period");
            Assert.That(problem.ToJsonString(), Does.Contain("for each period alone"));
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

namespace Indicators.Tests.Infrastructure;

/// <summary>
/// Real answers of the service, read against the document it generates: every status must be listed for its operation,
/// every body must match the schema of that status and media type, and every header the document promises must be sent.
/// So a change of behaviour that the document does not follow (or the other way round) fails here.
/// </summary>
public sealed class OpenApiResponsesTests : ApiTest
{
    private const string Unit = "51@2025-07-01";
    private static readonly string Submission = ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3");

    private OpenApiDocument? _document;

    private OpenApiDocument Document => _document ?? throw new InvalidOperationException("The document has not been read.");

    [OneTimeSetUp]
    public async Task ReadDocument() =>
        _document = await OpenApiDocument.FromJsonAsync(await Client().GetStringAsync("/swagger/v1/swagger.json"));

    /// <summary>Asserts that the answer is one the document describes for the operation, and returns its JSON body (if any).</summary>
    private async Task<JsonNode?> Conforms(HttpResponseMessage response, string method, string route)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The document names a route's parameters without their constraints: /api/v1/targets/{id}.
        var path = route.Replace(":long", "", StringComparison.Ordinal);
        Assert.That(Document.Paths.TryGetValue(path, out var item), Is.True, $"{path} is not in the document");
        Assert.That(item!.TryGetValue(method.ToLowerInvariant(), out var operation), Is.True, $"{method} {path} is not in the document");
        Assert.That(operation!.Responses.TryGetValue(status, out var documented), Is.True,
            $"{method} {path} answered {status}, which the document does not list ({string.Join(", ", operation.Responses.Keys)}): {body}");
        foreach (var header in documented!.Headers.Keys.Where(h => h is "ETag" or "Retry-After"))
        {
            Assert.That(response.Headers.Contains(header), Is.True, $"{method} {path} {status} should send {header}");
        }
        if (body.Length == 0)
        {
            Assert.That(documented.Content, Is.Empty, $"{method} {path} {status} sent no body, but the document promises one");
            return null;
        }
        var mediaType = response.Content.Headers.ContentType!.MediaType!;
        Assert.That(documented.Content.ContainsKey(mediaType), Is.True,
            $"{method} {path} {status} sent {mediaType}; the document lists {string.Join(", ", documented.Content.Keys)}");
        if (!mediaType.Contains("json", StringComparison.Ordinal)) return null;
        var errors = documented.Content[mediaType].Schema.ActualSchema.Validate(body, SchemaType.OpenApi3);
        Assert.That(errors.Select(e => $"{e.Path}: {e.Kind}"), Is.Empty, $"{method} {path} {status} does not match its schema: {Shorten(body)}");
        return JsonNode.Parse(body);
    }

    private static string Shorten(string body) => body.Length <= 400 ? body : body[..400] + "…";

    private Task<HttpResponseMessage> SaveSubmissionAsync(bool submit) =>
        Admin().PutAsync(Submission, JsonBody(new
        {
            values = new object[]
            {
                new { indicator = "BHYT_COVERAGE", numerator = 1180000, denominator = 1250000, comment = "" },
                new { indicator = "EPI_FULL_IMMUNIZATION", value = 96.5 },
            },
            submit,
        }));

    [Test]
    public async Task Catalog_units_and_keys()
    {
        await Conforms(await Client().GetAsync(ApiRoutes.Indicators), "GET", ApiRoutes.Indicators);
        await Conforms(await Client().GetAsync(ApiRoutes.Indicators + "?format=csv"), "GET", ApiRoutes.Indicators);
        await Conforms(await Client().GetAsync(ApiRoutes.Indicators + "?format=xml"), "GET", ApiRoutes.Indicators);
        await Conforms(await Client().GetAsync(ApiRoutes.IndicatorUrl("DOCTORS_PER_10K")), "GET", ApiRoutes.Indicator);
        await Conforms(await Client().GetAsync(ApiRoutes.IndicatorUrl("NOPE")), "GET", ApiRoutes.Indicator);
        await Conforms(await Client("ind_0a1b2c3d_not-a-real-key-000000").GetAsync(ApiRoutes.Indicators), "GET", ApiRoutes.Indicators);
        var etag = (await Client().GetAsync(ApiRoutes.Indicators)).Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Indicators);
        conditional.Headers.IfNoneMatch.Add(etag);
        await Conforms(await Client().SendAsync(conditional), "GET", ApiRoutes.Indicators);
        await Conforms(await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(new
        {
            nameVi = "Tỷ lệ thử", nameEn = "Test rate", unit = "percent", direction = "higher", aggregation = "ratio", frequency = "yearly", decimals = 1, group = "outcomes",
        })), "PUT", ApiRoutes.Indicator);
        await Conforms(await Admin().PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("""{"nameVy": "typo"}""")), "PUT", ApiRoutes.Indicator);
        await Conforms(await Client(await KeyAsync("reader")).PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("{}")), "PUT", ApiRoutes.Indicator);

        await Conforms(await Client().GetAsync(ApiRoutes.Units + "?level=province"), "GET", ApiRoutes.Units);
        await Conforms(await Client().GetAsync(ApiRoutes.Units + "?history=true&format=csv&limit=5"), "GET", ApiRoutes.Units);
        await Conforms(await Client().GetAsync(ApiRoutes.UnitUrl(Unit)), "GET", ApiRoutes.Unit);
        await Conforms(await Client().GetAsync(ApiRoutes.UnitUrl("60")), "GET", ApiRoutes.Unit);
        await Conforms(await Client().GetAsync(ApiRoutes.UnitUrl("51") + "?asOf=yesterday"), "GET", ApiRoutes.Unit);
        await Conforms(await Client().GetAsync(ApiRoutes.UnitUrl("99")), "GET", ApiRoutes.Unit);
        await Conforms(await Admin().PutAsync(ApiRoutes.UnitUrl("99999@2025-07-01"), JsonBody(new
        {
            code = "99999", nameVi = "Xã thử", level = "commune", parentId = Unit, validFrom = "2025-07-01",
        })), "PUT", ApiRoutes.Unit);

        var created = await Conforms(await Admin().PostAsync(ApiRoutes.Keys, JsonBody(new { name = "OpenAPI test", role = "reporter", units = new[] { Unit } })),
            "POST", ApiRoutes.Keys);
        await Conforms(await Admin().PostAsync(ApiRoutes.Keys, JsonBody(new { name = "", role = "king" })), "POST", ApiRoutes.Keys);
        await Conforms(await Admin().GetAsync(ApiRoutes.Keys), "GET", ApiRoutes.Keys);
        await Conforms(await Client().GetAsync(ApiRoutes.Keys), "GET", ApiRoutes.Keys);
        await Conforms(await Admin().DeleteAsync(ApiRoutes.KeyUrl(created!["id"]!.GetValue<long>())), "DELETE", ApiRoutes.Key);
        await Conforms(await Admin().DeleteAsync(ApiRoutes.KeyUrl(created["id"]!.GetValue<long>())), "DELETE", ApiRoutes.Key);
    }

    [Test]
    public async Task Targets_with_their_revisions()
    {
        await Conforms(await Client().GetAsync(ApiRoutes.Targets + "?unit=51"), "GET", ApiRoutes.Targets);
        await Conforms(await Client().GetAsync(ApiRoutes.Targets + "?year=abc"), "GET", ApiRoutes.Targets);
        var target = await Conforms(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "BHYT_COVERAGE", unit = "51", year = 2030, comparator = "gte", value = 97.1, source = "Kế hoạch thử",
        })), "POST", ApiRoutes.Targets);
        await Conforms(await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new { indicator = "NOPE" })), "POST", ApiRoutes.Targets);
        var id = target!["id"]!.GetValue<long>();
        var url = ApiRoutes.TargetUrl(id);
        await Conforms(await Client().GetAsync(url), "GET", ApiRoutes.Target);
        await Conforms(await Client().GetAsync(ApiRoutes.TargetUrl(999999)), "GET", ApiRoutes.Target);
        var update = JsonBody(new { indicator = "BHYT_COVERAGE", unit = "51", year = 2030, comparator = "gte", value = 98, source = "Kế hoạch thử" });
        await Conforms(await Admin().PutAsync(url, update), "PUT", ApiRoutes.Target);
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = update, Headers = { { "If-Match", "\"7\"" } } }), "PUT", ApiRoutes.Target);
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonBody(new { indicator = "BHYT_COVERAGE", unit = "51", year = 2030, comparator = "gte", value = 98, source = "Kế hoạch thử" }),
            Headers = { { "If-Match", "\"1\"" } },
        }), "PUT", ApiRoutes.Target);
        await Conforms(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(id)), "GET", ApiRoutes.TargetHistory);
        await Conforms(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(id) + "?format=xyz"), "GET", ApiRoutes.TargetHistory);
        await Conforms(await Admin().DeleteAsync(url), "DELETE", ApiRoutes.Target);
        await Conforms(await Admin().DeleteAsync(url), "DELETE", ApiRoutes.Target);
    }

    [Test]
    public async Task Tasks_their_status_and_the_overdue_report()
    {
        await Conforms(await Client().GetAsync(ApiRoutes.Tasks + "?unit=60&on=2025-07-15"), "GET", ApiRoutes.Tasks);
        await Conforms(await Client().GetAsync(ApiRoutes.Tasks + "?status=late"), "GET", ApiRoutes.Tasks);
        var task = await Conforms(await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(new
        {
            source = "Kế hoạch thử 2/KH 05/01/2026", issuedOn = "2026-01-05", unit = Unit, item = "1", textVi = "Nhiệm vụ thử.",
            leadAgencies = new[] { "SO_Y_TE" }, dueText = "Quý IV/2026",
        })), "POST", ApiRoutes.Tasks);
        await Conforms(await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(new { source = "x" })), "POST", ApiRoutes.Tasks);
        var taskId = task!["id"]!.GetValue<long>();
        var url = ApiRoutes.TaskUrl(taskId);
        await Conforms(await Client().GetAsync(url), "GET", ApiRoutes.Task);
        await Conforms(await Client().GetAsync(ApiRoutes.TaskUrl(999999)), "GET", ApiRoutes.Task);
        var status = JsonBody(new { status = "inProgress" });
        await Conforms(await Admin().PostAsync(ApiRoutes.TaskStatusUrl(taskId), status), "POST", ApiRoutes.TaskStatus);
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.TaskStatusUrl(taskId)) { Content = JsonBody(new { status = "inProgress" }), Headers = { { "If-Match", "\"1\"" } } }),
            "POST", ApiRoutes.TaskStatus);
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Post, ApiRoutes.TaskStatusUrl(taskId)) { Content = JsonBody(new { status = "notStarted" }), Headers = { { "If-Match", "\"2\"" } } }),
            "POST", ApiRoutes.TaskStatus);
        await Conforms(await Admin().PutAsync(url, JsonBody(new { source = "x" })), "PUT", ApiRoutes.Task);
        await Conforms(await Client().GetAsync(ApiRoutes.OverdueTasks + "?on=2025-07-15"), "GET", ApiRoutes.OverdueTasks);
        await Conforms(await Client().GetAsync(ApiRoutes.Agencies + "?on=2025-07-15"), "GET", ApiRoutes.Agencies);
    }

    [Test]
    public async Task Submissions_and_their_workflow()
    {
        await Conforms(await Client().GetAsync(Submission), "GET", ApiRoutes.Submission);
        await Conforms(await SaveSubmissionAsync(submit: true), "PUT", ApiRoutes.Submission);
        await Conforms(await Client().GetAsync(Submission), "GET", ApiRoutes.Submission);
        await Conforms(await Client().GetAsync(ApiRoutes.SubmissionUrl("51", "2025Q9")), "GET", ApiRoutes.Submission);
        await Conforms(await Admin().PutAsync(Submission, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 140 } } })),
            "PUT", ApiRoutes.Submission);
        await Conforms(await Client(await KeyAsync("reporter", "01")).PutAsync(Submission, JsonBody(new { values = Array.Empty<object>() })),
            "PUT", ApiRoutes.Submission);
        await Conforms(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Approve));
        await Conforms(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Approve));
        await Conforms(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Reopen), JsonBody(new { comment = "Sửa" })), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Reopen));
        await Conforms(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), JsonBody(new { comment = "" })), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Return));
        await Conforms(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("01", "2025Q3", SubmissionAction.Submit), null), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Submit));
        // Levels: a province's key approves at province level, a commune's key is refused, a return is limited to one indicator.
        await Conforms(await SaveSubmissionAsync(submit: true), "PUT", ApiRoutes.Submission);
        await Conforms(await Client(await KeyAsync("approver", "21025@2025-07-01")).PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Approve));
        await Conforms(await Client(await KeyAsync("approver", "51@2025-07-01")).PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Approve), null), "POST", ApiRoutes.SubmissionStep(SubmissionAction.Approve));
        await Conforms(await Admin().PostAsync(ApiRoutes.SubmissionStepUrl("51@2025-07-01", "2025Q3", SubmissionAction.Return), JsonBody(new { comment = "Sửa", indicators = new[] { "BHYT_COVERAGE" } })),
            "POST", ApiRoutes.SubmissionStep(SubmissionAction.Return));
        await Conforms(await Client().GetAsync(Submission), "GET", ApiRoutes.Submission);
        await Conforms(await Client().GetAsync(ApiRoutes.Submissions + "?period=2025Q3"), "GET", ApiRoutes.Submissions);
        await Conforms(await Client().GetAsync(ApiRoutes.Submissions + "?status=x"), "GET", ApiRoutes.Submissions);
    }

    [Test]
    public async Task Imports_values_and_the_audit_trail()
    {
        var rows = new[] { new { unit = "51", period = "2025", indicator = "DOCTORS_PER_10K", value = 11.42 } };
        await Conforms(await Admin().PostAsync(ApiRoutes.Imports, JsonBody(new { rows })), "POST", ApiRoutes.Imports);
        await Conforms(await Admin().PostAsync(ApiRoutes.Imports, JsonBody(new { rows = new[] { new { unit = "XYZ", period = "2025", indicator = "DOCTORS_PER_10K", value = 1 } } })),
            "POST", ApiRoutes.Imports);
        await Conforms(await Admin().PostAsync(ApiRoutes.Imports, new StringContent("x", null, "text/plain")), "POST", ApiRoutes.Imports);
        await Conforms(await Admin().PostAsync(ApiRoutes.DataValueSets, JsonBody(new
        {
            dataValues = new[] { new { dataElement = "BHYT_COVERAGE", period = "2025Q3", orgUnit = Unit, value = "94.4" } },
        })), "POST", ApiRoutes.DataValueSets);
        await Conforms(await Admin().PostAsync(ApiRoutes.DataValueSets, JsonBody(new
        {
            dataValues = new[] { new { dataElement = "NOPE", period = "2025Q3", orgUnit = Unit, value = "1" } },
        })), "POST", ApiRoutes.DataValueSets);

        await Conforms(await Client().GetAsync(ApiRoutes.Values + "?source=all&unit=51"), "GET", ApiRoutes.Values);
        await Conforms(await Client().GetAsync(ApiRoutes.Values + "?source=derived&indicator=BHYT_COVERAGE"), "GET", ApiRoutes.Values);
        await Conforms(await Client().GetAsync(ApiRoutes.Values + "?from=2025Q9"), "GET", ApiRoutes.Values);
        await Conforms(await Admin().GetAsync(ApiRoutes.ValueAudit), "GET", ApiRoutes.ValueAudit);
        await Conforms(await Client().GetAsync(ApiRoutes.ValueAudit), "GET", ApiRoutes.ValueAudit);
    }

    [Test]
    public async Task Attainment_series_and_reports()
    {
        await SaveSubmissionAsync(submit: true);
        await Conforms(await Client().GetAsync(ApiRoutes.Attainment), "GET", ApiRoutes.Attainment);
        await Conforms(await Client().GetAsync(ApiRoutes.Attainment + "?unit=60&format=csv"), "GET", ApiRoutes.Attainment);
        await Conforms(await Client().GetAsync(ApiRoutes.Attainment + "?status=great"), "GET", ApiRoutes.Attainment);
        await Conforms(await Client().GetAsync(ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=51"), "GET", ApiRoutes.Series);
        await Conforms(await Client().GetAsync(ApiRoutes.Series), "GET", ApiRoutes.Series);
        await Conforms(await Client().GetAsync(ApiRoutes.Gaps + "?year=2030"), "GET", ApiRoutes.Gaps);
        await Conforms(await Client().GetAsync(ApiRoutes.ScorecardUrl("51")), "GET", ApiRoutes.Scorecard);
        await Conforms(await Client().GetAsync(ApiRoutes.ScorecardUrl("99")), "GET", ApiRoutes.Scorecard);
        await Conforms(await Client().GetAsync(ApiRoutes.Compliance + "?period=2025Q3"), "GET", ApiRoutes.Compliance);
        await Conforms(await Client().GetAsync(ApiRoutes.Compliance), "GET", ApiRoutes.Compliance);
    }

    [Test]
    public async Task Spreadsheets_and_FHIR()
    {
        await Conforms(await Client().GetAsync(ApiRoutes.Attainment + "?year=2030&format=xlsx&lang=en"), "GET", ApiRoutes.Attainment);
        await Conforms(await Client().GetAsync(ApiRoutes.Values + "?format=xlsx"), "GET", ApiRoutes.Values);
        await Conforms(await Client().GetAsync(ApiRoutes.Indicators + "?format=xlsx&lang=fr"), "GET", ApiRoutes.Indicators);

        await Conforms(await Client().GetAsync(ApiRoutes.FhirMetadata), "GET", ApiRoutes.FhirMetadata);
        await Conforms(await Client().GetAsync(ApiRoutes.FhirMeasures), "GET", ApiRoutes.FhirMeasures);
        await Conforms(await Client().GetAsync(ApiRoutes.FhirMeasureUrl("DOCTORS-PER-10K")), "GET", ApiRoutes.FhirMeasure);
        await Conforms(await Client().GetAsync(ApiRoutes.FhirMeasureUrl("NOPE")), "GET", ApiRoutes.FhirMeasure);
        await Conforms(await Client().GetAsync(ApiRoutes.FhirMeasureReports + "?measure=DOCTORS_PER_10K"), "GET", ApiRoutes.FhirMeasureReports);
        await Conforms(await Client().GetAsync(ApiRoutes.FhirMeasureReports + "?period=2025Q5"), "GET", ApiRoutes.FhirMeasureReports);
        var report = """
            {"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"DOCTORS_PER_10K",
             "subject":{"identifier":{"value":"01"}},"period":{"start":"2025-01-01","end":"2025-12-31"},"group":[{"measureScore":{"value":21.3}}]}
            """;
        await Conforms(await Admin().PostAsync(ApiRoutes.FhirMeasureReports, new StringContent(report, System.Text.Encoding.UTF8, "application/fhir+json")), "POST", ApiRoutes.FhirMeasureReports);
        await Conforms(await Admin().PostAsync(ApiRoutes.FhirMeasureReports, new StringContent(report, System.Text.Encoding.UTF8, "text/plain")), "POST", ApiRoutes.FhirMeasureReports);
        await Conforms(await Client().PostAsync(ApiRoutes.FhirMeasureReports, new StringContent(report, System.Text.Encoding.UTF8, "application/fhir+json")), "POST", ApiRoutes.FhirMeasureReports);
        await Conforms(await Admin().PostAsync(ApiRoutes.Fhir, new StringContent("""{"resourceType":"Bundle","type":"transaction"}""", System.Text.Encoding.UTF8, "application/fhir+json")), "POST", ApiRoutes.Fhir);
        await Conforms(await Admin().PostAsync(ApiRoutes.Fhir, new StringContent("""{"resourceType":"Bundle","type":"batch"}""", System.Text.Encoding.UTF8, "application/fhir+json")), "POST", ApiRoutes.Fhir);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using NJsonSchema;
using NSwag;

namespace Indicators.Tests.Infrastructure;

/// <summary>
/// Real answers of the service, read against the document it generates: every status must be listed for its operation,
/// every body must match the schema of that status and media type, and every header the document promises must be sent.
/// So a change of behaviour that the document does not follow (or the other way round) fails here.
/// </summary>
public sealed class OpenApiResponsesTests : ApiTest
{
    private const string Unit = "51@2025-07-01";
    private const string Submission = "/api/v1/submissions/51@2025-07-01/2025Q3";

    private OpenApiDocument? _document;

    private OpenApiDocument Document => _document ?? throw new InvalidOperationException("The document has not been read.");

    [OneTimeSetUp]
    public async Task ReadDocument() =>
        _document = await OpenApiDocument.FromJsonAsync(await Client().GetStringAsync("/swagger/v1/swagger.json"));

    /// <summary>Asserts that the answer is one the document describes for the operation, and returns its JSON body (if any).</summary>
    private async Task<JsonNode?> Conforms(HttpResponseMessage response, string method, string path)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
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
        await Conforms(await Client().GetAsync("/api/v1/indicators"), "GET", "/api/v1/indicators");
        await Conforms(await Client().GetAsync("/api/v1/indicators?format=csv"), "GET", "/api/v1/indicators");
        await Conforms(await Client().GetAsync("/api/v1/indicators?format=xml"), "GET", "/api/v1/indicators");
        await Conforms(await Client().GetAsync("/api/v1/indicators/DOCTORS_PER_10K"), "GET", "/api/v1/indicators/{code}");
        await Conforms(await Client().GetAsync("/api/v1/indicators/NOPE"), "GET", "/api/v1/indicators/{code}");
        await Conforms(await Client("ind_0a1b2c3d_not-a-real-key-000000").GetAsync("/api/v1/indicators"), "GET", "/api/v1/indicators");
        var etag = (await Client().GetAsync("/api/v1/indicators")).Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/indicators");
        conditional.Headers.IfNoneMatch.Add(etag);
        await Conforms(await Client().SendAsync(conditional), "GET", "/api/v1/indicators");
        await Conforms(await Admin().PutAsync("/api/v1/indicators/TEST_RATE", JsonBody(new
        {
            nameVi = "Tỷ lệ thử", nameEn = "Test rate", unit = "percent", direction = "higher", aggregation = "ratio", frequency = "yearly", decimals = 1, group = "outcomes",
        })), "PUT", "/api/v1/indicators/{code}");
        await Conforms(await Admin().PutAsync("/api/v1/indicators/TEST_RATE", JsonBody("""{"nameVy": "typo"}""")), "PUT", "/api/v1/indicators/{code}");
        await Conforms(await Client(await KeyAsync("reader")).PutAsync("/api/v1/indicators/TEST_RATE", JsonBody("{}")), "PUT", "/api/v1/indicators/{code}");

        await Conforms(await Client().GetAsync("/api/v1/units?level=province"), "GET", "/api/v1/units");
        await Conforms(await Client().GetAsync("/api/v1/units?history=true&format=csv&limit=5"), "GET", "/api/v1/units");
        await Conforms(await Client().GetAsync("/api/v1/units/" + Unit), "GET", "/api/v1/units/{unit}");
        await Conforms(await Client().GetAsync("/api/v1/units/60"), "GET", "/api/v1/units/{unit}");
        await Conforms(await Client().GetAsync("/api/v1/units/51?asOf=yesterday"), "GET", "/api/v1/units/{unit}");
        await Conforms(await Client().GetAsync("/api/v1/units/99"), "GET", "/api/v1/units/{unit}");
        await Conforms(await Admin().PutAsync("/api/v1/units/99999@2025-07-01", JsonBody(new
        {
            code = "99999", nameVi = "Xã thử", level = "commune", parentId = Unit, validFrom = "2025-07-01",
        })), "PUT", "/api/v1/units/{unit}");

        var created = await Conforms(await Admin().PostAsync("/api/v1/admin/keys", JsonBody(new { name = "OpenAPI test", role = "reporter", units = new[] { Unit } })),
            "POST", "/api/v1/admin/keys");
        await Conforms(await Admin().PostAsync("/api/v1/admin/keys", JsonBody(new { name = "", role = "king" })), "POST", "/api/v1/admin/keys");
        await Conforms(await Admin().GetAsync("/api/v1/admin/keys"), "GET", "/api/v1/admin/keys");
        await Conforms(await Client().GetAsync("/api/v1/admin/keys"), "GET", "/api/v1/admin/keys");
        await Conforms(await Admin().DeleteAsync($"/api/v1/admin/keys/{created!["id"]}"), "DELETE", "/api/v1/admin/keys/{id}");
        await Conforms(await Admin().DeleteAsync($"/api/v1/admin/keys/{created["id"]}"), "DELETE", "/api/v1/admin/keys/{id}");
    }

    [Test]
    public async Task Targets_with_their_revisions()
    {
        await Conforms(await Client().GetAsync("/api/v1/targets?unit=51"), "GET", "/api/v1/targets");
        await Conforms(await Client().GetAsync("/api/v1/targets?year=abc"), "GET", "/api/v1/targets");
        var target = await Conforms(await Admin().PostAsync("/api/v1/targets", JsonBody(new
        {
            indicator = "BHYT_COVERAGE", unit = "51", year = 2030, comparator = "gte", value = 97.1, source = "Kế hoạch thử",
        })), "POST", "/api/v1/targets");
        await Conforms(await Admin().PostAsync("/api/v1/targets", JsonBody(new { indicator = "NOPE" })), "POST", "/api/v1/targets");
        var url = $"/api/v1/targets/{target!["id"]}";
        await Conforms(await Client().GetAsync(url), "GET", "/api/v1/targets/{id}");
        await Conforms(await Client().GetAsync("/api/v1/targets/999999"), "GET", "/api/v1/targets/{id}");
        var update = JsonBody(new { indicator = "BHYT_COVERAGE", unit = "51", year = 2030, comparator = "gte", value = 98, source = "Kế hoạch thử" });
        await Conforms(await Admin().PutAsync(url, update), "PUT", "/api/v1/targets/{id}");
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = update, Headers = { { "If-Match", "\"7\"" } } }), "PUT", "/api/v1/targets/{id}");
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonBody(new { indicator = "BHYT_COVERAGE", unit = "51", year = 2030, comparator = "gte", value = 98, source = "Kế hoạch thử" }),
            Headers = { { "If-Match", "\"1\"" } },
        }), "PUT", "/api/v1/targets/{id}");
        await Conforms(await Client().GetAsync(url + "/history"), "GET", "/api/v1/targets/{id}/history");
        await Conforms(await Client().GetAsync(url + "/history?format=xyz"), "GET", "/api/v1/targets/{id}/history");
        await Conforms(await Admin().DeleteAsync(url), "DELETE", "/api/v1/targets/{id}");
        await Conforms(await Admin().DeleteAsync(url), "DELETE", "/api/v1/targets/{id}");
    }

    [Test]
    public async Task Tasks_their_status_and_the_overdue_report()
    {
        await Conforms(await Client().GetAsync("/api/v1/tasks?unit=60&on=2025-07-15"), "GET", "/api/v1/tasks");
        await Conforms(await Client().GetAsync("/api/v1/tasks?status=late"), "GET", "/api/v1/tasks");
        var task = await Conforms(await Admin().PostAsync("/api/v1/tasks", JsonBody(new
        {
            source = "Kế hoạch thử 2/KH 05/01/2026", issuedOn = "2026-01-05", unit = Unit, item = "1", textVi = "Nhiệm vụ thử.",
            leadAgencies = new[] { "SO_Y_TE" }, dueText = "Quý IV/2026",
        })), "POST", "/api/v1/tasks");
        await Conforms(await Admin().PostAsync("/api/v1/tasks", JsonBody(new { source = "x" })), "POST", "/api/v1/tasks");
        var url = $"/api/v1/tasks/{task!["id"]}";
        await Conforms(await Client().GetAsync(url), "GET", "/api/v1/tasks/{id}");
        await Conforms(await Client().GetAsync("/api/v1/tasks/999999"), "GET", "/api/v1/tasks/{id}");
        var status = JsonBody(new { status = "inProgress" });
        await Conforms(await Admin().PostAsync(url + "/status", status), "POST", "/api/v1/tasks/{id}/status");
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Post, url + "/status") { Content = JsonBody(new { status = "inProgress" }), Headers = { { "If-Match", "\"1\"" } } }),
            "POST", "/api/v1/tasks/{id}/status");
        await Conforms(await Admin().SendAsync(new HttpRequestMessage(HttpMethod.Post, url + "/status") { Content = JsonBody(new { status = "notStarted" }), Headers = { { "If-Match", "\"2\"" } } }),
            "POST", "/api/v1/tasks/{id}/status");
        await Conforms(await Admin().PutAsync(url, JsonBody(new { source = "x" })), "PUT", "/api/v1/tasks/{id}");
        await Conforms(await Client().GetAsync("/api/v1/reports/overdue-tasks?on=2025-07-15"), "GET", "/api/v1/reports/overdue-tasks");
        await Conforms(await Client().GetAsync("/api/v1/agencies?on=2025-07-15"), "GET", "/api/v1/agencies");
    }

    [Test]
    public async Task Submissions_and_their_workflow()
    {
        await Conforms(await Client().GetAsync(Submission), "GET", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await SaveSubmissionAsync(submit: true), "PUT", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Client().GetAsync(Submission), "GET", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Client().GetAsync("/api/v1/submissions/51/2025Q9"), "GET", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Admin().PutAsync(Submission, JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 140 } } })),
            "PUT", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Client(await KeyAsync("reporter", "01")).PutAsync(Submission, JsonBody(new { values = Array.Empty<object>() })),
            "PUT", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Admin().PostAsync(Submission + "/approve", null), "POST", "/api/v1/submissions/{unit}/{period}/approve");
        await Conforms(await Admin().PostAsync(Submission + "/approve", null), "POST", "/api/v1/submissions/{unit}/{period}/approve");
        await Conforms(await Admin().PostAsync(Submission + "/reopen", JsonBody(new { comment = "Sửa" })), "POST", "/api/v1/submissions/{unit}/{period}/reopen");
        await Conforms(await Admin().PostAsync(Submission + "/return", JsonBody(new { comment = "" })), "POST", "/api/v1/submissions/{unit}/{period}/return");
        await Conforms(await Admin().PostAsync("/api/v1/submissions/01/2025Q3/submit", null), "POST", "/api/v1/submissions/{unit}/{period}/submit");
        // Levels: a province's key approves at province level, a commune's key is refused, a return is limited to one indicator.
        await Conforms(await SaveSubmissionAsync(submit: true), "PUT", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Client(await KeyAsync("approver", "21025@2025-07-01")).PostAsync(Submission + "/approve", null), "POST", "/api/v1/submissions/{unit}/{period}/approve");
        await Conforms(await Client(await KeyAsync("approver", "51@2025-07-01")).PostAsync(Submission + "/approve", null), "POST", "/api/v1/submissions/{unit}/{period}/approve");
        await Conforms(await Admin().PostAsync(Submission + "/return", JsonBody(new { comment = "Sửa", indicators = new[] { "BHYT_COVERAGE" } })),
            "POST", "/api/v1/submissions/{unit}/{period}/return");
        await Conforms(await Client().GetAsync(Submission), "GET", "/api/v1/submissions/{unit}/{period}");
        await Conforms(await Client().GetAsync("/api/v1/submissions?period=2025Q3"), "GET", "/api/v1/submissions");
        await Conforms(await Client().GetAsync("/api/v1/submissions?status=x"), "GET", "/api/v1/submissions");
    }

    [Test]
    public async Task Imports_values_and_the_audit_trail()
    {
        var rows = new[] { new { unit = "51", period = "2025", indicator = "DOCTORS_PER_10K", value = 11.42 } };
        await Conforms(await Admin().PostAsync("/api/v1/imports", JsonBody(new { rows })), "POST", "/api/v1/imports");
        await Conforms(await Admin().PostAsync("/api/v1/imports", JsonBody(new { rows = new[] { new { unit = "XYZ", period = "2025", indicator = "DOCTORS_PER_10K", value = 1 } } })),
            "POST", "/api/v1/imports");
        await Conforms(await Admin().PostAsync("/api/v1/imports", new StringContent("x", null, "text/plain")), "POST", "/api/v1/imports");
        await Conforms(await Admin().PostAsync("/api/v1/dataValueSets", JsonBody(new
        {
            dataValues = new[] { new { dataElement = "BHYT_COVERAGE", period = "2025Q3", orgUnit = Unit, value = "94.4" } },
        })), "POST", "/api/v1/dataValueSets");
        await Conforms(await Admin().PostAsync("/api/v1/dataValueSets", JsonBody(new
        {
            dataValues = new[] { new { dataElement = "NOPE", period = "2025Q3", orgUnit = Unit, value = "1" } },
        })), "POST", "/api/v1/dataValueSets");

        await Conforms(await Client().GetAsync("/api/v1/values?source=all&unit=51"), "GET", "/api/v1/values");
        await Conforms(await Client().GetAsync("/api/v1/values?source=derived&indicator=BHYT_COVERAGE"), "GET", "/api/v1/values");
        await Conforms(await Client().GetAsync("/api/v1/values?from=2025Q9"), "GET", "/api/v1/values");
        await Conforms(await Admin().GetAsync("/api/v1/values/audit"), "GET", "/api/v1/values/audit");
        await Conforms(await Client().GetAsync("/api/v1/values/audit"), "GET", "/api/v1/values/audit");
    }

    [Test]
    public async Task Attainment_series_and_reports()
    {
        await SaveSubmissionAsync(submit: true);
        await Conforms(await Client().GetAsync("/api/v1/attainment"), "GET", "/api/v1/attainment");
        await Conforms(await Client().GetAsync("/api/v1/attainment?unit=60&format=csv"), "GET", "/api/v1/attainment");
        await Conforms(await Client().GetAsync("/api/v1/attainment?status=great"), "GET", "/api/v1/attainment");
        await Conforms(await Client().GetAsync("/api/v1/series?indicator=BHYT_COVERAGE&unit=51"), "GET", "/api/v1/series");
        await Conforms(await Client().GetAsync("/api/v1/series"), "GET", "/api/v1/series");
        await Conforms(await Client().GetAsync("/api/v1/reports/gaps?year=2030"), "GET", "/api/v1/reports/gaps");
        await Conforms(await Client().GetAsync("/api/v1/reports/scorecard/51"), "GET", "/api/v1/reports/scorecard/{unit}");
        await Conforms(await Client().GetAsync("/api/v1/reports/scorecard/99"), "GET", "/api/v1/reports/scorecard/{unit}");
        await Conforms(await Client().GetAsync("/api/v1/reports/compliance?period=2025Q3"), "GET", "/api/v1/reports/compliance");
        await Conforms(await Client().GetAsync("/api/v1/reports/compliance"), "GET", "/api/v1/reports/compliance");
    }

    [Test]
    public async Task Spreadsheets_and_FHIR()
    {
        await Conforms(await Client().GetAsync("/api/v1/attainment?year=2030&format=xlsx&lang=en"), "GET", "/api/v1/attainment");
        await Conforms(await Client().GetAsync("/api/v1/values?format=xlsx"), "GET", "/api/v1/values");
        await Conforms(await Client().GetAsync("/api/v1/indicators?format=xlsx&lang=fr"), "GET", "/api/v1/indicators");

        await Conforms(await Client().GetAsync("/fhir/metadata"), "GET", "/fhir/metadata");
        await Conforms(await Client().GetAsync("/fhir/Measure"), "GET", "/fhir/Measure");
        await Conforms(await Client().GetAsync("/fhir/Measure/DOCTORS-PER-10K"), "GET", "/fhir/Measure/{indicator}");
        await Conforms(await Client().GetAsync("/fhir/Measure/NOPE"), "GET", "/fhir/Measure/{indicator}");
        await Conforms(await Client().GetAsync("/fhir/MeasureReport?measure=DOCTORS_PER_10K"), "GET", "/fhir/MeasureReport");
        await Conforms(await Client().GetAsync("/fhir/MeasureReport?period=2025Q5"), "GET", "/fhir/MeasureReport");
        var report = """
            {"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"DOCTORS_PER_10K",
             "subject":{"identifier":{"value":"01"}},"period":{"start":"2025-01-01","end":"2025-12-31"},"group":[{"measureScore":{"value":21.3}}]}
            """;
        await Conforms(await Admin().PostAsync("/fhir/MeasureReport", new StringContent(report, System.Text.Encoding.UTF8, "application/fhir+json")), "POST", "/fhir/MeasureReport");
        await Conforms(await Admin().PostAsync("/fhir/MeasureReport", new StringContent(report, System.Text.Encoding.UTF8, "text/plain")), "POST", "/fhir/MeasureReport");
        await Conforms(await Client().PostAsync("/fhir/MeasureReport", new StringContent(report, System.Text.Encoding.UTF8, "application/fhir+json")), "POST", "/fhir/MeasureReport");
        await Conforms(await Admin().PostAsync("/fhir", new StringContent("""{"resourceType":"Bundle","type":"transaction"}""", System.Text.Encoding.UTF8, "application/fhir+json")), "POST", "/fhir");
        await Conforms(await Admin().PostAsync("/fhir", new StringContent("""{"resourceType":"Bundle","type":"batch"}""", System.Text.Encoding.UTF8, "application/fhir+json")), "POST", "/fhir");
    }
}

// The FHIR model marks nearly every element nullable; a missing one fails the assertion that reads it.
#nullable disable warnings
using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Indicators.Tests.Features.Imports;
using Task = System.Threading.Tasks.Task;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Fhir;

/// <summary>
/// MeasureReports out (GET /fhir/MeasureReport, with targets and attainment) and in (POST /fhir/MeasureReport and
/// transaction Bundles through the import's checks, scope and audit). Every resource the service answers validates.
/// </summary>
public sealed class MeasureReportTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private const string TargetExtension = "/fhir/StructureDefinition/target-attainment";

    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    private static StringContent Fhir(Resource resource) => new(Serializer.SerializeToString(resource), Encoding.UTF8, "application/fhir+json");

    private static MeasureReport Report(string measure, string unit, string start, string end, decimal? value, int? numerator = null, int? denominator = null)
    {
        var group = new MeasureReport.GroupComponent { MeasureScore = value is null ? null : new Quantity { Value = value } };
        if (numerator is not null)
        {
            group.Population.Add(new() { Code = new CodeableConcept("http://terminology.hl7.org/CodeSystem/measure-population", "numerator"), Count = numerator });
            group.Population.Add(new() { Code = new CodeableConcept("http://terminology.hl7.org/CodeSystem/measure-population", "denominator"), Count = denominator });
        }
        return new MeasureReport
        {
            Status = MeasureReport.MeasureReportStatus.Complete,
            Type = MeasureReport.MeasureReportType.Summary,
            Measure = "http://localhost/fhir/Measure/" + measure,
            Subject = new ResourceReference { Identifier = new Identifier("http://localhost/fhir/NamingSystem/unit", unit) },
            Period = new Period(new FhirDateTime(start), new FhirDateTime(end)),
            Group = [group],
        };
    }

    private static Bundle Transaction(params MeasureReport[] reports) => new()
    {
        Type = Bundle.BundleType.Transaction,
        Entry = reports.Select(r => new Bundle.EntryComponent
        {
            Resource = r,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "MeasureReport" },
        }).ToList(),
    };

    private async Task<List<MeasureReport>> SearchAsync(string query)
    {
        var bundle = await FhirValidation.ValidAsync<Bundle>(await Client().GetAsync(ApiRoutes.FhirMeasureReports + query));
        return bundle.Entry.Select(e => (MeasureReport)e.Resource!).ToList();
    }

    [Test]
    public async Task Values_are_summary_measure_reports_with_their_targets_and_attainment()
    {
        var import = await Admin().ImportJson(new[]
        {
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1340, denominator: 1230000),
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", numerator: 570, denominator: 580000),
            ImportRequests.Row(Province, "2025", "DOCTORS_PER_10K", value: 11.42m),
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", numerator: 1180000, denominator: 1250000),
        });
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.OK), await import.Content.ReadAsStringAsync());

        var report = (await SearchAsync($"?measure=DOCTORS-PER-10K&subject={Province}&period=2025")).Single();
        Assert.That(report.Type, Is.EqualTo(MeasureReport.MeasureReportType.Summary));
        Assert.That(report.Measure, Does.EndWith(ApiRoutes.FhirMeasureUrl("DOCTORS-PER-10K")));
        Assert.That(report.Subject.Identifier.Value, Is.EqualTo(Province));
        Assert.That(report.Period.Start, Is.EqualTo("2025-01-01"));
        Assert.That(report.Group.Single().MeasureScore.Value, Is.EqualTo(11.42m));

        var attainment = (await Json(await Client().GetAsync(ApiRoutes.Attainment + $"?indicator=DOCTORS_PER_10K&unit={Province}&year=2030")))["items"]!.AsArray().Single()!;
        // The merged province's own 2030 target; the country's 2025 floor, which it inherits, is a second extension.
        var targets = report.Extension.Where(e => e.Url.EndsWith(TargetExtension, StringComparison.Ordinal)).ToList();
        var target = targets.Single(e => e.Extension.Single(p => p.Url == "year").Value.ToString() == "2030");
        var inherited = targets.Single(e => e.Extension.Single(p => p.Url == "year").Value.ToString() == "2025");
        Assert.That(inherited.Extension.Single(p => p.Url == "inheritedFrom").Value.ToString(), Is.EqualTo("VN"));
        string Part(string name) => target.Extension.Single(e => e.Url == name).Value.ToString()!;
        Assert.That(Part("targetValue"), Is.EqualTo("13.1"));
        Assert.That(Part("comparator"), Is.EqualTo("gte"));
        Assert.That(Part("status"), Is.EqualTo(attainment["status"]!.GetValue<string>()));
        Assert.That(decimal.Parse(Part("gap"), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(attainment["gap"]!.GetValue<decimal>()));

        var coverage = (await SearchAsync($"?measure=BHYT_COVERAGE&subject={Province}")).Single();
        Assert.That(coverage.Group.Single().Population.Select(p => p.Count), Is.EqualTo(new int?[] { 1180000, 1250000 }));

        var derived = await SearchAsync("?measure=DOCTORS_PER_10K&source=derived");
        Assert.That(derived, Is.Not.Empty, "the new Quảng Ngãi's 2024 is derived from the former Quảng Ngãi");
        Assert.That(derived.SelectMany(r => r.Extension).Any(e => e.Url.EndsWith("/value-source", StringComparison.Ordinal) && e.Value.ToString() == "derived"));
    }

    [Test]
    public async Task A_transaction_bundle_saves_values_that_come_back_as_measure_reports()
    {
        var bundle = Transaction(
            Report("BHYT_COVERAGE", Province, "2025-07-01", "2025-09-30", null, numerator: 1180000, denominator: 1250000),
            Report("DOCTORS-PER-10K", "01", "2025-01-01", "2025-12-31", 21.3m));
        var response = await Client(await KeyAsync("reporter", Province, "01")).PostAsync(ApiRoutes.Fhir, Fhir(bundle));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var answer = await FhirValidation.ValidAsync<Bundle>(response);
        Assert.That(answer.Type, Is.EqualTo(Bundle.BundleType.TransactionResponse));
        Assert.That(answer.Entry.Select(e => e.Response.Status), Is.EqualTo(new[] { "200 OK", "200 OK" }));

        var coverage = (await SearchAsync($"?measure=BHYT_COVERAGE&subject={Province}&period=2025Q3")).Single();
        Assert.That(coverage.Group.Single().MeasureScore.Value, Is.EqualTo(94.4m));
        Assert.That(coverage.Group.Single().Population.Select(p => p.Count), Is.EqualTo(new int?[] { 1180000, 1250000 }));
        var doctors = (await SearchAsync("?measure=DOCTORS_PER_10K&subject=01&period=2025")).Single();
        Assert.That(doctors.Group.Single().MeasureScore.Value, Is.EqualTo(21.3m));
        Assert.That(doctors.Status, Is.EqualTo(MeasureReport.MeasureReportStatus.Complete), "values land as submitted");

        var audit = (await Json(await Admin().GetAsync(ApiRoutes.ValueAudit + "?unit=01&indicator=DOCTORS_PER_10K")))["items"]!.AsArray();
        Assert.That(audit, Is.Not.Empty, "the write is audited");
    }

    [Test]
    public async Task A_measure_report_is_created_and_a_correction_needs_a_reason()
    {
        var reporter = Client(await KeyAsync("reporter", Province));
        var created = await reporter.PostAsync(ApiRoutes.FhirMeasureReports, Fhir(Report("BHYT_COVERAGE", Province, "2025-07-01", "2025-09-30", 94.5m)));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        await FhirValidation.ValidAsync<OperationOutcome>(created);

        var correction = Fhir(Report("BHYT_COVERAGE", Province, "2025-07-01", "2025-09-30", 94.6m));
        var refused = await reporter.PostAsync(ApiRoutes.FhirMeasureReports, correction);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var outcome = await FhirValidation.ValidAsync<OperationOutcome>(refused);
        Assert.That(outcome.Issue.Single().Code, Is.EqualTo(OperationOutcome.IssueType.BusinessRule));

        var corrected = await reporter.PostAsync(ApiRoutes.FhirMeasureReports + "?reason=" + Uri.EscapeDataString("Sửa số liệu"),
            Fhir(Report("BHYT_COVERAGE", Province, "2025-07-01", "2025-09-30", 94.6m)));
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await corrected.Content.ReadAsStringAsync());
        Assert.That((await SearchAsync($"?measure=BHYT_COVERAGE&subject={Province}&period=2025Q3")).Single().Group.Single().MeasureScore.Value, Is.EqualTo(94.6m));
    }

    [Test]
    public async Task A_transaction_with_one_bad_entry_writes_nothing_and_names_every_fault()
    {
        var bundle = Transaction(
            Report("DOCTORS-PER-10K", "01", "2025-01-01", "2025-12-31", 21.3m),
            Report("DOCTORS-PER-10K", "01", "2025-01-01", "2025-05-31", 21.3m),
            Report("NO-SUCH", "01", "2025-01-01", "2025-12-31", 1m));
        var response = await Admin().PostAsync(ApiRoutes.Fhir, Fhir(bundle));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var outcome = await FhirValidation.ValidAsync<OperationOutcome>(response);
        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Is.SupersetOf(new[] { "Bundle.entry[1].resource.period", "Bundle.entry[2].resource.measure" }));
        Assert.That(await SearchAsync("?measure=DOCTORS_PER_10K&subject=01"), Is.Empty);
    }

    [Test]
    public async Task A_unit_outside_the_keys_scope_is_a_403()
    {
        var response = await Client(await KeyAsync("reporter", Province)).PostAsync(ApiRoutes.FhirMeasureReports,
            Fhir(Report("DOCTORS-PER-10K", "01", "2025-01-01", "2025-12-31", 21.3m)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await FhirValidation.ValidAsync<OperationOutcome>(response)).Issue.Single().Code, Is.EqualTo(OperationOutcome.IssueType.Forbidden));
    }

    [TestCase(ApiRoutes.FhirMeasureReports, "{ not json", "application/fhir+json", HttpStatusCode.BadRequest)]
    [TestCase(ApiRoutes.FhirMeasureReports, """{"resourceType":"Patient"}""", "application/fhir+json", HttpStatusCode.BadRequest)]
    [TestCase(ApiRoutes.FhirMeasureReports, """{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"x","period":{"start":"2025"}}""", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [TestCase(ApiRoutes.FhirMeasureReports, """{"resourceType":"MeasureReport","status":"nonsense"}""", "application/fhir+json", HttpStatusCode.BadRequest)]
    [TestCase(ApiRoutes.FhirMeasureReports, """{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"BHYT_COVERAGE","period":{"start":"2025-01-01","end":"2025-12-31"}}""", "application/fhir+json", HttpStatusCode.UnprocessableEntity)]
    [TestCase(ApiRoutes.Fhir, """{"resourceType":"Bundle","type":"batch"}""", "application/fhir+json", HttpStatusCode.BadRequest)]
    [TestCase(ApiRoutes.Fhir, """{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Measure","status":"active"},"request":{"method":"POST","url":"Measure"}}]}""", "application/fhir+json", HttpStatusCode.BadRequest)]
    [TestCase(ApiRoutes.FhirMeasureReports + "?reason=%00", """{"resourceType":"MeasureReport"}""", "application/fhir+json", HttpStatusCode.BadRequest)]
    public async Task Bad_input_is_an_operation_outcome_with_a_4xx(string url, string body, string contentType, HttpStatusCode status)
    {
        var response = await Admin().PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        await FhirValidation.ValidAsync<OperationOutcome>(response);
    }

    [TestCase("?period=2025Q5")]
    [TestCase("?_count=0")]
    [TestCase("?cursor=nonsense")]
    [TestCase("?measure=NO-SUCH")]
    [TestCase("?subject=99")]
    public async Task A_bad_search_is_a_400_operation_outcome(string query)
    {
        var response = await Client().GetAsync(ApiRoutes.FhirMeasureReports + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        await FhirValidation.ValidAsync<OperationOutcome>(response);
    }
}

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

    private static MeasureReport.StratifierComponent Stratifier(string category, params (string Option, decimal Value)[] strata) => new()
    {
        Code = [new CodeableConcept("http://localhost/fhir/CodeSystem/category", category)],
        Stratum = strata.Select(s => new MeasureReport.StratifierGroupComponent
        {
            Value = new CodeableConcept("http://localhost/fhir/CodeSystem/category/" + category, s.Option),
            MeasureScore = new Quantity { Value = s.Value },
        }).ToList(),
    };

    private static MeasureReport.StratifierComponent Cross(decimal value, params (string Category, string Option)[] options) => new()
    {
        Code = [new CodeableConcept("http://localhost/fhir/CodeSystem/category", string.Join("+", options.Select(o => o.Category)))],
        Stratum =
        [
            new MeasureReport.StratifierGroupComponent
            {
                Component = options.Select(o => new MeasureReport.ComponentComponent { Code = new CodeableConcept(null, o.Category), Value = new CodeableConcept(null, o.Option) }).ToList(),
                MeasureScore = new Quantity { Value = value },
            },
        ],
    };

    [Test]
    public async Task Strata_are_saved_as_disaggregated_values_and_searched_as_stratifiers()
    {
        var report = Report("POPULATION", Province, "2025-01-01", "2025-12-31", 1_250_000m);
        report.Group[0].Stratifier = [Stratifier("sex", ("male", 600_000m), ("female", 650_000m)), Cross(50_000m, ("sex", "male"), ("ageGroup", "under5"))];
        var created = await Client(await KeyAsync("reporter", Province)).PostAsync("/fhir/MeasureReport", Fhir(report));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That((await FhirValidation.ValidAsync<OperationOutcome>(created)).Issue.Single().Diagnostics, Does.Contain("4 created"));

        var values = (await Json(await Client().GetAsync($"/api/v1/values?indicator=POPULATION&unit={Province}")))["items"]!.AsArray()
            .ToDictionary(v => v!["disaggregation"]?.GetValue<string>() ?? "", v => v!["value"]!.GetValue<decimal>());
        Assert.That(values, Is.EqualTo(new Dictionary<string, decimal>
        {
            [""] = 1_250_000m, ["sex:male"] = 600_000m, ["sex:female"] = 650_000m, ["ageGroup:under5;sex:male"] = 50_000m,
        }));

        // A second report before it, so that a page of one report has to read on to finish the province's.
        var other = await Admin().PostAsync("/fhir/MeasureReport", Fhir(Report("POPULATION", "01", "2025-01-01", "2025-12-31", 8_500_000m)));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());
        var first = await FhirValidation.ValidAsync<Bundle>(await Client().GetAsync("/fhir/MeasureReport?measure=POPULATION&_count=1"));
        Assert.That(((MeasureReport)first.Entry.Single().Resource).Subject.Identifier.Value, Is.EqualTo("01"));
        var next = first.Link.Single(l => l.Relation == "next").Url;
        var second = await FhirValidation.ValidAsync<Bundle>(await Client().GetAsync(new Uri(next).PathAndQuery));
        var searched = (MeasureReport)second.Entry.Single().Resource;
        Assert.That(second.Link.Any(l => l.Relation == "next"), Is.False);

        Assert.That(searched.Subject.Identifier.Value, Is.EqualTo(Province));
        var group = searched.Group.Single();
        Assert.That(group.MeasureScore.Value, Is.EqualTo(1_250_000m));
        Assert.That(group.Stratifier.Select(s => string.Join("+", s.Code.Select(c => c.Coding.Single().Code))), Is.EqualTo(new[] { "ageGroup+sex", "sex" }));
        var bySex = group.Stratifier[1].Stratum.ToDictionary(s => s.Value.Coding.Single().Code, s => s.MeasureScore.Value);
        Assert.That(bySex, Is.EqualTo(new Dictionary<string, decimal?> { ["female"] = 650_000m, ["male"] = 600_000m }));
        var cross = group.Stratifier[0].Stratum.Single();
        Assert.That(cross.Value, Is.Null);
        Assert.That(cross.Component.Select(c => (c.Code.Coding.Single().Code, c.Value.Coding.Single().Code)), Is.EqualTo(new[] { ("ageGroup", "under5"), ("sex", "male") }));
        Assert.That(cross.MeasureScore.Value, Is.EqualTo(50_000m));
    }

    [Test]
    public async Task A_stratum_with_sex_only_is_a_report_without_a_total_and_carries_its_targets()
    {
        var report = Report("HEIGHT_18", "VN", "2025-01-01", "2025-12-31", null);
        report.Group[0].Stratifier = [Stratifier("sex", ("male", 166.2m), ("female", 156.4m))];
        var created = await Admin().PostAsync("/fhir/MeasureReport", Fhir(report));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

        var searched = (await SearchAsync("?measure=HEIGHT_18&subject=VN&period=2025")).Single();
        Assert.That(searched.Group.Single().MeasureScore, Is.Null, "no total was reported");
        var strata = searched.Group.Single().Stratifier.Single().Stratum.ToDictionary(s => s.Value.Coding.Single().Code);
        string Target(string sex, string part) =>
            strata[sex].Extension.Single(e => e.Url.EndsWith(TargetExtension, StringComparison.Ordinal)).Extension.Single(e => e.Url == part).Value.ToString();
        Assert.That(Target("male", "targetValue"), Is.EqualTo("167"));
        Assert.That(Target("female", "targetValue"), Is.EqualTo("156"));
        Assert.That(Target("female", "met"), Is.EqualTo("true"));
    }

    [Test]
    public async Task A_total_that_differs_from_the_sum_of_its_strata_is_a_warning_and_is_saved()
    {
        var report = Report("POPULATION", Province, "2025-01-01", "2025-12-31", 1_250_000m);
        report.Group[0].Stratifier = [Stratifier("sex", ("male", 600_000m), ("female", 600_000m))];
        var created = await Admin().PostAsync("/fhir/MeasureReport", Fhir(report));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var warning = (await FhirValidation.ValidAsync<OperationOutcome>(created)).Issue.Single(i => i.Severity == OperationOutcome.IssueSeverity.Warning);
        Assert.That(warning.Expression, Is.EqualTo(new[] { "MeasureReport.group[0]" }));
        Assert.That(warning.Diagnostics, Does.Contain("1200000"));

        var fine = Report("POPULATION", "01", "2025-01-01", "2025-12-31", 8_500_000m);
        fine.Group[0].Stratifier = [Stratifier("sex", ("male", 4_200_000m), ("female", 4_300_000m))];
        var off = Report("POPULATION", "01", "2024-01-01", "2024-12-31", 8_400_000m);
        off.Group[0].Stratifier = [Stratifier("sex", ("male", 4_200_000m), ("female", 4_300_000m))];
        var bundle = await FhirValidation.ValidAsync<Bundle>(await Admin().PostAsync("/fhir", Fhir(Transaction(fine, off))));
        Assert.That(bundle.Entry[0].Response.Outcome, Is.Null);
        var issue = ((OperationOutcome)bundle.Entry[1].Response.Outcome).Issue.Single();
        Assert.That(issue.Expression, Is.EqualTo(new[] { "Bundle.entry[1].resource.group[0]" }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'POPULATION'"), Is.EqualTo(9));
    }

    [Test]
    public async Task An_unknown_option_or_category_or_an_undeclared_combination_names_the_stratum_and_writes_nothing()
    {
        var unknownOption = Report("BHYT_COVERAGE", Province, "2025-07-01", "2025-09-30", 94.4m);
        unknownOption.Group[0].Stratifier = [Stratifier("sex", ("male", 94m), ("other", 95m))];
        var undeclared = Report("HEIGHT_18", "VN", "2025-01-01", "2025-12-31", null);
        undeclared.Group[0].Stratifier = [Cross(160m, ("sex", "male"), ("area", "urban"))];
        var unknownCategory = Report("POPULATION", "01", "2025-01-01", "2025-12-31", 8_500_000m);
        unknownCategory.Group[0].Stratifier = [Stratifier("religion", ("none", 1m))];
        var response = await Admin().PostAsync("/fhir", Fhir(Transaction(unknownOption, undeclared, unknownCategory)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        var outcome = await FhirValidation.ValidAsync<OperationOutcome>(response);
        Assert.That(outcome.Issue.SelectMany(i => i.Expression), Is.EquivalentTo(new[]
        {
            "Bundle.entry[0].resource.group[0].stratifier[0].stratum[1].value",
            "Bundle.entry[1].resource.group[0].stratifier[0].stratum[0]",
            "Bundle.entry[2].resource.group[0].stratifier[0].stratum[0].value",
        }));
        Assert.That(outcome.Issue[1].Diagnostics, Does.Contain("HEIGHT_18 is not reported by area+sex"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
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

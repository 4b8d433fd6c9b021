// The FHIR model marks nearly every element nullable; a missing one fails the assertion that reads it.
#nullable disable warnings
using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Fhir;

/// <summary>GET /fhir/metadata and /fhir/Measure: every resource validates against the base R4 profiles.</summary>
public sealed class MeasureTests : ApiTest
{
    [Test]
    public async Task The_capability_statement_declares_measures_reports_and_transactions()
    {
        var statement = await FhirValidation.ValidAsync<CapabilityStatement>(await Client().GetAsync(ApiRoutes.FhirMetadata));
        Assert.That(statement.FhirVersion, Is.EqualTo(FHIRVersion.N4_0_1));
        var rest = statement.Rest.Single();
        Assert.That(rest.Resource.Select(r => r.Type), Is.EquivalentTo(new[] { "Measure", "MeasureReport" }));
        Assert.That(rest.Interaction.Single().Code, Is.EqualTo(CapabilityStatement.SystemRestfulInteraction.Transaction));
    }

    [Test]
    public async Task Every_indicator_is_a_valid_measure()
    {
        var bundle = await FhirValidation.ValidAsync<Bundle>(await Client().GetAsync(ApiRoutes.FhirMeasures));
        var indicators = (await Json(await Client().GetAsync(ApiRoutes.Indicators)))["items"]!.AsArray();
        Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Searchset));
        Assert.That(bundle.Entry.Select(e => ((Measure)e.Resource!).Name), Is.EqualTo(indicators.Select(i => i!["code"]!.GetValue<string>())));
        foreach (var entry in bundle.Entry) FhirValidation.AssertValid(entry.Resource!);
    }

    [TestCase("DOCTORS-PER-10K", "ratio", "increase", "/10*4")]
    [TestCase("DOCTORS_PER_10K", "ratio", "increase", "/10*4")]
    [TestCase("BHYT_COVERAGE", "proportion", "increase", "%")]
    [TestCase("LIFE_EXPECTANCY", "continuous-variable", "increase", "a")]
    public async Task A_measure_has_the_scoring_improvement_and_unit_of_its_indicator(string id, string scoring, string improvement, string ucum)
    {
        var measure = await FhirValidation.ValidAsync<Measure>(await Client().GetAsync(ApiRoutes.FhirMeasureUrl(id)));
        Assert.That(measure.Id, Is.EqualTo(id.Replace('_', '-')));
        Assert.That(measure.Scoring.Coding.Single().Code, Is.EqualTo(scoring));
        Assert.That(measure.ImprovementNotation.Coding.Single().Code, Is.EqualTo(improvement));
        Assert.That(((Coding)measure.Extension.Single(e => e.Url.EndsWith("/fhir/StructureDefinition/indicator-unit", StringComparison.Ordinal)).Value).Code, Is.EqualTo(ucum));
        var populations = measure.Group.Single().Population.Select(p => p.Code.Coding.Single().Code);
        Assert.That(populations, scoring == "continuous-variable" ? Is.Empty : Is.EqualTo(new[] { "numerator", "denominator" }));
    }

    [Test]
    public async Task A_measure_declares_a_stratifier_for_each_combination_its_indicator_may_be_reported_by()
    {
        var population = await FhirValidation.ValidAsync<Measure>(await Client().GetAsync("/fhir/Measure/POPULATION"));
        var stratifiers = population.Group.Single().Stratifier;
        // One category is a stratifier coded by it; a combination a stratifier of components, one per category.
        Assert.That(stratifiers.Select(s => s.Code?.Coding.Single().Code ?? string.Join("+", s.Component.Select(c => c.Code.Coding.Single().Code))),
            Is.EqualTo(new[] { "ageGroup", "ageGroup+sex", "area", "ethnicity", "sex" }));
        var sex = stratifiers.Single(s => s.Code?.Coding.Single().Code == "sex");
        Assert.That(sex.Component, Is.Empty);
        Assert.That(sex.Description, Does.Contain("male").And.Contain("female"));
        var cross = stratifiers.Single(s => s.Code is null);
        Assert.That(cross.Component.All(c => c.Criteria is not null));

        var doctors = await FhirValidation.ValidAsync<Measure>(await Client().GetAsync("/fhir/Measure/DOCTORS_PER_10K"));
        Assert.That(doctors.Group.Single().Stratifier, Is.Empty, "an indicator reported as a total only has no stratifier");
    }

    [Test]
    public async Task An_unknown_measure_is_a_404_operation_outcome()
    {
        var response = await Client().GetAsync(ApiRoutes.FhirMeasureUrl("NO-SUCH"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var outcome = await FhirValidation.ValidAsync<OperationOutcome>(response);
        Assert.That(outcome.Issue.Single().Code, Is.EqualTo(OperationOutcome.IssueType.NotFound));
    }
}

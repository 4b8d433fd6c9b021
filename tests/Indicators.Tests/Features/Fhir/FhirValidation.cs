using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Indicators.Tests.Features.Fhir;

/// <summary>The Firely validator on the base R4 profiles, offline (the specification shipped with the SDK).</summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>Parses a FHIR JSON answer, validates it and asserts no error or fatal issue.</summary>
    public static async Task<T> ValidAsync<T>(HttpResponseMessage response) where T : Resource
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/fhir+json"), json);
        var resource = Deserializer.DeserializeResource(json);
        AssertValid(resource);
        Assert.That(resource, Is.InstanceOf<T>(), json);
        return (T)resource;
    }

    public static void AssertValid(Resource resource)
    {
        var outcome = Validator.Value.Validate(resource);
        var errors = outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();
        Assert.That(errors, Is.Empty, $"{resource.TypeName} {resource.Id}: the validator reports errors");
    }
}

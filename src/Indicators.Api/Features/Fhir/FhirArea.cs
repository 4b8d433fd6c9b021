using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Fhir;

/// <summary>The FHIR R4 endpoints, under <c>/fhir</c> beside the JSON API.</summary>
public sealed class FhirArea() : ApiArea("FHIR");

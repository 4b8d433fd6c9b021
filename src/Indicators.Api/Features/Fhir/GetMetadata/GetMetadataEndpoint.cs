using FastEndpoints;
using Hl7.Fhir.Model;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;

namespace Indicators.Api.Features.Fhir.GetMetadata;

public sealed class GetMetadataEndpoint(TimeProvider clock) : EndpointWithoutRequest<FhirResult>
{
    public override void Configure()
    {
        Get(ApiRoutes.FhirMetadata);
        Group<FhirArea>();
        Description(b => b.WithName("GetFhirMetadata").RequireReadAccess().ProducesFhir(200));
        Summary(s => s.Summary = "The FHIR R4 CapabilityStatement: Measure (read, search), MeasureReport (search, create) and transaction Bundles of MeasureReports.");
    }

    public override Task<FhirResult> ExecuteAsync(CancellationToken ct)
    {
        var urls = FhirUrls.Of(HttpContext.Request);
        CapabilityStatement.SearchParamComponent Param(string name, SearchParamType type, string doc) => new() { Name = name, Type = type, Documentation = doc };
        var statement = new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = new FhirDateTime(clock.GetUtcNow()).Value,
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Indicators" },
            Implementation = new CapabilityStatement.ImplementationComponent
            {
                Description = "Health-indicator targets, reported values and attainment for Vietnam's provinces",
                Url = urls.Base,
            },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = [FhirResult.ContentType],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Indicators are Measures; values with their targets and attainment are summary MeasureReports (IHE mADX), disaggregations (sex, age group, area, ethnicity) their stratifiers. "
                        + "A MeasureReport or a transaction Bundle of them is saved as submitted values, with the same checks, scope and audit as POST /api/v1/imports.",
                    Resource =
                    [
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = ResourceType.Measure.ToString(),
                            Interaction = [Interaction(CapabilityStatement.TypeRestfulInteraction.Read), Interaction(CapabilityStatement.TypeRestfulInteraction.SearchType)],
                        },
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = ResourceType.MeasureReport.ToString(),
                            Interaction = [Interaction(CapabilityStatement.TypeRestfulInteraction.SearchType), Interaction(CapabilityStatement.TypeRestfulInteraction.Create)],
                            SearchParam =
                            [
                                Param("measure", SearchParamType.Reference, "The Measure: its canonical URL, id or indicator code."),
                                Param("subject", SearchParamType.Token, "A unit id (51@2025-07-01) or bare code; only that unit's own values."),
                                Param("period", SearchParamType.Token, "A period id (2025, 2025S1, 2025Q3, 202507): values whose period ends within it."),
                            ],
                        },
                    ],
                    Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
                },
            ],
        };
        return System.Threading.Tasks.Task.FromResult(new FhirResult(statement));
    }

    private static CapabilityStatement.ResourceInteractionComponent Interaction(CapabilityStatement.TypeRestfulInteraction code) => new() { Code = code };
}

using FastEndpoints;
using Hl7.Fhir.Model;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;

namespace Indicators.Api.Features.Fhir.GetMeasure;

public sealed class GetMeasureEndpoint(Database database, CategoryDirectory categories) : Endpoint<GetMeasureRequest, FhirResult>
{
    public override void Configure()
    {
        Get(ApiRoutes.FhirMeasure);
        Group<FhirArea>();
        Description(b => b.WithName("GetFhirMeasure").RequireReadAccess().WithDataVersionETag().ProducesFhir(200, 404));
        Summary(s => s.Summary = "One indicator as a FHIR Measure, by its Measure id (DOCTORS-PER-10K) or code (DOCTORS_PER_10K).");
    }

    public override async Task<FhirResult> ExecuteAsync(GetMeasureRequest request, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var indicator = await CatalogStore.GetAsync(connection, FhirIds.Indicator(request.Indicator), ct);
        return indicator is null
            ? FhirResult.Outcome(StatusCodes.Status404NotFound, OperationOutcome.IssueType.NotFound, $"No indicator is '{request.Indicator}'.")
            : new FhirResult(FhirMeasures.ToMeasure(indicator, await categories.GetAsync(ct), FhirUrls.Of(HttpContext.Request)));
    }
}

public sealed record GetMeasureRequest
{
    /// <summary>The Measure id (DOCTORS-PER-10K) or the indicator code.</summary>
    public string Indicator { get; init; } = "";
}

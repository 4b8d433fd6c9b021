using FastEndpoints;
using Hl7.Fhir.Model;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;

namespace Indicators.Api.Features.Fhir.ListMeasures;

public sealed class ListMeasuresEndpoint(CatalogDirectory catalog, CategoryDirectory categories) : EndpointWithoutRequest<FhirResult>
{
    public override void Configure()
    {
        Get(ApiRoutes.FhirMeasures);
        Group<FhirArea>();
        Description(b => b.WithName("ListFhirMeasures").RequireReadAccess().WithDataVersionETag().ProducesFhir(200));
        Summary(s => s.Summary = "Every indicator as a FHIR Measure, in a searchset Bundle.");
    }

    public override async Task<FhirResult> ExecuteAsync(CancellationToken ct)
    {
        var urls = FhirUrls.Of(HttpContext.Request);
        var rules = await categories.GetAsync(ct);
        var measures = (await catalog.GetAsync(ct)).Values.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i => FhirMeasures.ToMeasure(i, rules, urls)).ToList();
        return new FhirResult(new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = measures.Count,
            Entry = measures.Select(m => new Bundle.EntryComponent
            {
                FullUrl = m.Url,
                Resource = m,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            }).ToList(),
        });
    }
}

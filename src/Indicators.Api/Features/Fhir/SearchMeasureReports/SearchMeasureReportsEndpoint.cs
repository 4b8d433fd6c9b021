using FastEndpoints;
using Hl7.Fhir.Model;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Fhir.SearchMeasureReports;

public sealed class SearchMeasureReportsEndpoint(Database database, ValueIndexCache cache, AttainmentQuery attainment, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reports)
    : Endpoint<SearchMeasureReportsRequest, FhirResult>
{
    public override void Configure()
    {
        Get(ApiRoutes.FhirMeasureReports);
        Group<FhirArea>();
        DontThrowIfValidationFails();
        Description(b => b.WithName("SearchFhirMeasureReports").RequireReadAccess().WithDataVersionETag().ProducesFhir(200, 400));
        Summary(s =>
        {
            s.Summary = "Values as summary MeasureReports (IHE mADX), each with the targets judged on it and their attainment, in a searchset Bundle.";
            s.Description = "One report per indicator, unit and period: the total as the group's measure score, the disaggregated values as its stratifiers (one per combination of categories). "
                + "Ordered like /api/v1/values, with the same visibility: anonymous and reader callers see the values reports count; the Bundle's next link gives the following page.";
        });
    }

    public override async Task<FhirResult> ExecuteAsync(SearchMeasureReportsRequest request, CancellationToken ct)
    {
        if (ValidationFailed) return FhirResult.Invalid(ValidationFailures);
        var (index, _) = await cache.GetAsync(ct);
        string? indicator = request.Measure is null ? null : FhirIds.Indicator(request.Measure);
        if (indicator is not null && !index.Indicators.ContainsKey(indicator))
        {
            return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotFound, $"No Measure is '{request.Measure}'.", "measure");
        }
        string? unit = null;
        if (request.Subject is not null)
        {
            var resolved = index.Units.ResolveForRead(request.Subject.Trim(), null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (resolved.Unit is null) return FhirResult.Outcome(StatusCodes.Status400BadRequest, OperationOutcome.IssueType.NotFound, resolved.Error!, "subject");
            unit = resolved.Unit.Id;
        }
        var period = request.Period is null ? (Domain.Period?)null : Domain.Period.Parse(request.Period);
        Paging.TryDecode(request.Cursor, out var afterKey);
        ValueCursor? after = null;
        if (afterKey is not null) ValueCursor.TryRead(afterKey, out after);
        var take = request.Count ?? Paging.DefaultLimit;
        var filter = new ValueList.Filter(indicator, unit, period?.Start, period?.End, null, after, reports.Value.VisibleStatuses(User));
        var page = await ReportPageAsync(filter, request.Source ?? "reported", take, ct);

        var (rows, _) = await attainment.RunAsync(new AttainmentFilter(null, indicator, unit, null, null, null), ct);
        var targets = rows.Where(r => r.ActualPeriod is not null).ToLookup(r => (r.Indicator, r.Unit, r.ActualPeriod!, r.Disaggregation));
        var urls = FhirUrls.Of(HttpContext.Request);
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = urls.Base + "/MeasureReport" + HttpContext.Request.QueryString }],
            Entry = page.Items.Select(values =>
            {
                var report = FhirMeasureReports.ToReport(values, index.Indicators[values[0].Indicator], v => targets[(v.Indicator, v.Unit, v.Period, v.Disaggregation)], urls);
                return new Bundle.EntryComponent
                {
                    FullUrl = report.Id is null ? null : urls.Base + "/MeasureReport/" + report.Id,
                    Resource = report,
                    Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
                };
            }).ToList(),
        };
        if (page.NextCursor is not null)
        {
            var next = QueryString.Create(HttpContext.Request.Query.Where(q => q.Key != "cursor").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))))
                .Add("cursor", page.NextCursor);
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = urls.Base + "/MeasureReport" + next });
        }
        return new FhirResult(bundle);
    }

    /// <summary>
    /// A page of <paramref name="take"/> reports: the values in the list's order, those of one indicator, unit and period
    /// (the total first, then its disaggregations) making one report. Values are read a page at a time until the page's
    /// last report is known to be whole; the cursor is the last value of that report.
    /// </summary>
    private async Task<ListResponse<List<ValueResponse>>> ReportPageAsync(ValueList.Filter filter, string source, int take, CancellationToken ct)
    {
        var reports = new List<List<ValueResponse>>();
        while (true)
        {
            var values = await ValueList.ListAsync(database, cache, filter, source, take, ct);
            foreach (var value in values.Take(take))
            {
                var last = reports.LastOrDefault()?[0];
                if (last is null || last.Indicator != value.Indicator || last.Unit != value.Unit || last.Period != value.Period) reports.Add([]);
                reports[^1].Add(value);
            }
            if (reports.Count > take || values.Count <= take) break;
            filter = filter with { After = ValueList.CursorOf(values[take - 1]) };
        }
        return Paging.Page(reports, take, r => ValueList.CursorOf(r[^1]).ToString());
    }
}

using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Values.ListValues;

public sealed class ListValuesEndpoint(Database database, UnitDirectory directory, ValueIndexCache cache, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reports)
    : Endpoint<ListValuesRequest, Results<Ok<ListResponse<ValueResponse>>, ListFileResult<ValueResponse>, AdxResult, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Values);
        Group<ValuesArea>();
        Description(b => b.WithName("ListValues").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Values in long format — reported, derived by roll-up (source=derived) or both (source=all) — ordered by indicator, unit, period end, period and disaggregation; from/to are periods (values whose period ends between from's start and to's end). "
            + "Anonymous and reader callers see the values reports count (Reports:MinimumStatus, submitted by default); keys that write or approve also see drafts and returned submissions. demo=false leaves out the synthetic demo values. "
            + "Every disaggregation is listed unless disaggregation= (total, or pairs such as sex:female or ageGroup:under5;sex:male) or category= (every option of sex, …) narrows it. format=csv, xlsx or adx (IHE ADX XML) for files.");
    }

    public override async Task<Results<Ok<ListResponse<ValueResponse>>, ListFileResult<ValueResponse>, AdxResult, ValidationProblem>> ExecuteAsync(ListValuesRequest request, CancellationToken ct)
    {
        string? unit = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit.Trim(), null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        Paging.TryDecode(request.Cursor, out var afterKey);
        ValueCursor? after = null;
        if (afterKey is not null) ValueCursor.TryRead(afterKey, out after);
        var take = request.Limit ?? Paging.DefaultLimit;
        var filter = new ValueList.Filter(
            string.IsNullOrWhiteSpace(request.Indicator) ? null : request.Indicator.Trim(), unit,
            request.From is null ? null : Period.Parse(request.From).Start,
            request.To is null ? null : Period.Parse(request.To).End,
            request.Level is null ? null : EnumText.Parse<UnitLevel>(request.Level),
            after,
            reports.Value.VisibleStatuses(User),
            request.Demo,
            request.Disaggregation is null ? null : Disaggregation.Parse(request.Disaggregation).Key,
            string.IsNullOrWhiteSpace(request.Category) ? null : request.Category.Trim());
        var rows = await ValueList.ListAsync(database, cache, filter, request.Source ?? "reported", take, ct);
        var page = Paging.Page(rows, take, v => ValueList.CursorOf(v).ToString());
        if (Adx.Requested(HttpContext, request.Format))
        {
            // One ADX group per unit and period.
            var values = page.Items.OrderBy(v => v.Unit, StringComparer.Ordinal).ThenBy(v => v.PeriodEnd).ThenBy(v => v.Period, StringComparer.Ordinal).ThenBy(v => v.Indicator, StringComparer.Ordinal)
                .ThenBy(v => v.Disaggregation, StringComparer.Ordinal)
                .Select(v => new AdxValue(v.Indicator, v.Unit, Period.Parse(v.Period), v.Value, v.Numerator, v.Denominator, v.Comment, v.Disaggregation ?? Disaggregation.Total));
            return new AdxResult(values, clock.GetUtcNow(), page.NextCursor);
        }
        return ListFile.For(HttpContext, request, ListFile.SafeName("values", request.Indicator, request.Unit, request.From, request.To)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

using FastEndpoints;
using System.Globalization;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Values.ValueAudit;

public sealed class ValueAuditEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<ValueAuditRequest, Results<Ok<ListResponse<ValueAuditResponse>>, ListFileResult<ValueAuditResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.ValueAudit);
        Group<ValuesArea>();
        Policies(AccessPolicies.AnyKey);
        Description(b => b.WithName("ValueAudit").WithDataVersionETag());
        Summary(s => s.Summary = "The audit trail of values and submission statuses — who changed what, when, old and new value, why — ordered by id.");
    }

    public override async Task<Results<Ok<ListResponse<ValueAuditResponse>>, ListFileResult<ValueAuditResponse>, ValidationProblem>> ExecuteAsync(ValueAuditRequest request, CancellationToken ct)
    {
        string? unit = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit.Trim(), null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var rows = (await AuditStore.ValueChangesAsync(connection, database.Provider,
            string.IsNullOrWhiteSpace(request.Indicator) ? null : request.Indicator.Trim(), unit,
            request.Period is null ? null : Period.Parse(request.Period.Trim()).Id,
            after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), take, ct,
            request.Disaggregation is null ? null : Disaggregation.Parse(request.Disaggregation).Key)).Select(ValueAuditResponse.From).ToList();
        var page = Paging.Page(rows, take, a => a.Id.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("value-audit", request.Indicator, request.Unit, request.Period)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

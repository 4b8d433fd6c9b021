using System.Globalization;
using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Values.ValueAudit;

public sealed class ValueAuditEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Values;

    public void Map(RouteGroupBuilder group) => group.MapGet("audit", Handle)
        .WithName("ValueAudit")
        .WithSummary("The audit trail of values and submission statuses — who changed what, when, old and new value, why — ordered by id.")
        .RequireAuthorization(Policies.AnyKey)
        .WithDataVersionETag()
        .Validate<ValueAuditRequest>();

    private static async Task<Results<Ok<ListResponse<ValueAuditResponse>>, CsvResult<ValueAuditResponse>, ValidationProblem>> Handle(
        [AsParameters] ValueAuditRequest request, HttpContext http, Database database, UnitDirectory directory, TimeProvider clock, CancellationToken ct)
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
        var rows = await ValueAuditData.ListAsync(connection, database.Dialect,
            string.IsNullOrWhiteSpace(request.Indicator) ? null : request.Indicator.Trim(), unit,
            request.Period is null ? null : Period.Parse(request.Period.Trim()).Id,
            after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), take, ct);
        var page = Paging.Page(rows, take, a => a.Id.ToString(CultureInfo.InvariantCulture));
        return Csv.Requested(http, request.Format)
            ? new CsvResult<ValueAuditResponse>(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Values.ListValues;

public sealed class ListValuesEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Values;

    public void Map(RouteGroupBuilder group) => group.MapGet("", Handle)
        .WithName("ListValues")
        .WithSummary("Reported values in long format, ordered by indicator, unit, period end and period; from/to are periods (values whose period ends between from's start and to's end).")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .Validate<ListValuesRequest>();

    private static async Task<Results<Ok<ListResponse<ValueResponse>>, CsvResult<ValueResponse>, ValidationProblem>> Handle(
        [AsParameters] ListValuesRequest request, HttpContext http, Database database, UnitDirectory directory, TimeProvider clock, CancellationToken ct)
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
        var filter = new ListValuesData.Filter(
            string.IsNullOrWhiteSpace(request.Indicator) ? null : request.Indicator.Trim(), unit,
            request.From is null ? null : Period.Parse(request.From).Start,
            request.To is null ? null : Period.Parse(request.To).End,
            request.Level is null ? null : EnumText.Parse<UnitLevel>(request.Level),
            after);
        await using var connection = await database.OpenAsync(ct);
        var rows = await ListValuesData.ListAsync(connection, database.Dialect, filter, take, ct);
        var page = Paging.Page(rows, take, v => ListValuesData.CursorOf(v).ToString());
        return Csv.Requested(http, request.Format)
            ? new CsvResult<ValueResponse>(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

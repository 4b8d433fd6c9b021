using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Indicators.ListIndicators;

public sealed class ListIndicatorsEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Indicators;

    public void Map(RouteGroupBuilder group) => group.MapGet("", Handle)
        .WithName("ListIndicators")
        .WithSummary("The indicator catalog, ordered by code.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .Validate<ListIndicatorsRequest>();

    private static async Task<Results<Ok<ListResponse<IndicatorResponse>>, CsvResult<IndicatorResponse>>> Handle(
        [AsParameters] ListIndicatorsRequest request, HttpContext http, Database database, CancellationToken ct)
    {
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var page = Paging.Page(await IndicatorData.ListAsync(connection, database.Dialect, request.Group, after, take, ct), take, i => i.Code);
        return Csv.Requested(http, request.Format)
            ? new CsvResult<IndicatorResponse>(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

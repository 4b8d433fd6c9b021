using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Indicators.ListIndicators;

public sealed class ListIndicatorsEndpoint(Database database)
    : Endpoint<ListIndicatorsRequest, Results<Ok<ListResponse<IndicatorResponse>>, ListFileResult<IndicatorResponse>>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Indicators);
        Group<IndicatorsArea>();
        Description(b => b.WithName("ListIndicators").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The indicator catalog, ordered by code.");
    }

    public override async Task<Results<Ok<ListResponse<IndicatorResponse>>, ListFileResult<IndicatorResponse>>> ExecuteAsync(ListIndicatorsRequest request, CancellationToken ct)
    {
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var page = Paging.Page((await CatalogStore.ListAsync(connection, database.Provider, request.Group, after, take, ct)).Select(IndicatorResponse.From).ToList(), take, i => i.Code);
        return ListFile.For(HttpContext, request, ListFile.SafeName("indicators", request.Group)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

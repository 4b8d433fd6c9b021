using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Indicators.GetIndicator;

public sealed class GetIndicatorEndpoint(Database database) : Endpoint<GetIndicatorRequest, Results<Ok<IndicatorResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Indicator);
        Group<IndicatorsArea>();
        Description(b => b.WithName("GetIndicator").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "One indicator by its code.");
    }

    public override async Task<Results<Ok<IndicatorResponse>, ProblemHttpResult>> ExecuteAsync(GetIndicatorRequest request, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var indicator = await CatalogStore.GetAsync(connection, request.Code, ct);
        return indicator is null ? Problems.NotFound($"No indicator has the code '{request.Code}'.") : TypedResults.Ok(IndicatorResponse.From(indicator));
    }
}

public sealed record GetIndicatorRequest
{
    public string Code { get; init; } = "";
}

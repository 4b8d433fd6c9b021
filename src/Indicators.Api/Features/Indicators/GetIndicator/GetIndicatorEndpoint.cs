using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Indicators.GetIndicator;

public sealed class GetIndicatorEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Indicators;

    public void Map(RouteGroupBuilder group) => group.MapGet("{code}", Handle)
        .WithName("GetIndicator")
        .WithSummary("One indicator by its code.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<IndicatorResponse>, ProblemHttpResult>> Handle(string code, Database database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var indicator = await IndicatorData.GetAsync(connection, code, ct);
        return indicator is null ? Problems.NotFound($"No indicator has the code '{code}'.") : TypedResults.Ok(indicator);
    }
}

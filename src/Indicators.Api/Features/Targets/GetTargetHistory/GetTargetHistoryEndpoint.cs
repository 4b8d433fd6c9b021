using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.GetTargetHistory;

public sealed class GetTargetHistoryEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Targets;

    public void Map(RouteGroupBuilder group) => group.MapGet("{id:long}/history", Handle)
        .WithName("GetTargetHistory")
        .WithSummary("Every revision of a target, oldest first, deletion included.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ListResponse<TargetRevisionResponse>>, CsvResult<TargetRevisionResponse>, ProblemHttpResult>> Handle(
        long id, string? format, HttpContext http, Database database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var history = await TargetData.HistoryAsync(connection, id, ct);
        if (history.Count == 0) return Problems.NotFound($"No target has the id {id}.");
        return Csv.Requested(http, format)
            ? new CsvResult<TargetRevisionResponse>(history)
            : TypedResults.Ok(new ListResponse<TargetRevisionResponse>(history, null));
    }
}

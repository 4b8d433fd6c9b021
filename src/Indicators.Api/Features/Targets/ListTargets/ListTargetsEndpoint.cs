using System.Globalization;
using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.ListTargets;

public sealed class ListTargetsEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Targets;

    public void Map(RouteGroupBuilder group) => group.MapGet("", Handle)
        .WithName("ListTargets")
        .WithSummary("Current targets, ordered by id; deleted ones are left out.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .Validate<ListTargetsRequest>();

    private static async Task<Results<Ok<ListResponse<TargetResponse>>, CsvResult<TargetResponse>, ValidationProblem>> Handle(
        [AsParameters] ListTargetsRequest request, HttpContext http, Database database, UnitDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        string? unit = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit, null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var rows = await TargetData.ListAsync(connection, database.Dialect, request.Indicator, unit, request.Year,
            after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), take, ct);
        var page = Paging.Page(rows, take, t => t.Id.ToString(CultureInfo.InvariantCulture));
        return Csv.Requested(http, request.Format)
            ? new CsvResult<TargetResponse>(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

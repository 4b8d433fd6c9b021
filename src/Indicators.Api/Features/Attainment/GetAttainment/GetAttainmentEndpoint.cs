using System.Globalization;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Attainment.GetAttainment;

public sealed class GetAttainmentEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Attainment;

    public void Map(RouteGroupBuilder group) => group.MapGet("attainment", Handle)
        .WithName("GetAttainment")
        .WithSummary("One row per target: the effective target, the actual (reported or derived), met, attainment, gap, trend and status.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .Validate<GetAttainmentRequest>();

    private static async Task<Results<Ok<ListResponse<AttainmentRow>>, CsvResult<AttainmentRow>, ValidationProblem>> Handle(
        [AsParameters] GetAttainmentRequest request, HttpContext http, AttainmentQuery query, CancellationToken ct)
    {
        var (rows, error) = await query.RunAsync(new AttainmentFilter(request.Year, request.Indicator, request.Unit, request.Level, request.Status, request.AsOf), ct);
        if (error is { } e) return Problems.Validation(e.Key, e.Value);
        Paging.TryDecode(request.Cursor, out var after);
        var afterId = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture);
        var take = request.Limit ?? Paging.DefaultLimit;
        var page = Paging.Page(rows.Where(r => r.TargetId > afterId).Take(take + 1).ToList(), take, r => r.TargetId.ToString(CultureInfo.InvariantCulture));
        return Csv.Requested(http, request.Format)
            ? new CsvResult<AttainmentRow>(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

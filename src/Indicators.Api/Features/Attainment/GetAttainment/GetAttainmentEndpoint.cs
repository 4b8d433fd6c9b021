using System.Globalization;
using System.Text.Json;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Attainment.GetAttainment;

public sealed class GetAttainmentEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Attainment;

    public void Map(RouteGroupBuilder group) => group.MapGet("attainment", Handle)
        .WithName("GetAttainment")
        .WithSummary("One row per target: the effective target, the actual (reported or derived), met, attainment, gap, trend and status.")
        .RequireAuthorization(Policies.Read)
        .WithDataVersionETag()
        .Validate<GetAttainmentRequest>()
        .AddEndpointFilter(ServeSerializedPage);

    private static AttainmentFilter Filter(GetAttainmentRequest request) =>
        new(request.Year, request.Indicator, request.Unit, request.Level, request.Status, request.AsOf);

    private static (long AfterId, int Take) PageOf(GetAttainmentRequest request)
    {
        Paging.TryDecode(request.Cursor, out var after);
        return (after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), request.Limit ?? Paging.DefaultLimit);
    }

    /// <summary>
    /// A JSON page is serialized once per data version and kept with the index: polling clients (dashboards, BI
    /// refreshes) then cost a look-up, not the serialization of up to 10,000 rows. CSV is written each time.
    /// </summary>
    private static async ValueTask<object?> ServeSerializedPage(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = context.Arguments.OfType<GetAttainmentRequest>().First();
        if (Csv.Requested(http, request.Format)) return await next(context);
        var (index, key) = await http.RequestServices.GetRequiredService<AttainmentQuery>().KeyAsync(Filter(request), http.RequestAborted);
        var (afterId, take) = PageOf(request);
        if (index.Page(key, afterId, take) is { } cached) return TypedResults.Bytes(cached, JsonContentType);

        var result = await next(context);
        if (result is not INestedHttpResult { Result: Ok<ListResponse<AttainmentRow>> ok }) return result;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(ok.Value, options);
        index.RememberPage(key, afterId, take, body);
        return TypedResults.Bytes(body, JsonContentType);
    }

    private const string JsonContentType = "application/json; charset=utf-8";

    private static async Task<Results<Ok<ListResponse<AttainmentRow>>, CsvResult<AttainmentRow>, ValidationProblem>> Handle(
        [AsParameters] GetAttainmentRequest request, HttpContext http, AttainmentQuery query, CancellationToken ct)
    {
        var (rows, error) = await query.RunAsync(Filter(request), ct);
        if (error is { } e) return Problems.Validation(e.Key, e.Value);
        var (afterId, take) = PageOf(request);
        var page = Paging.Page(rows.Where(r => r.TargetId > afterId).Take(take + 1).ToList(), take, r => r.TargetId.ToString(CultureInfo.InvariantCulture));
        return Csv.Requested(http, request.Format)
            ? new CsvResult<AttainmentRow>(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

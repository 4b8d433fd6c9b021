using System.Text.Json;
using FastEndpoints;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Attainment.GetAttainment;

public sealed class GetAttainmentEndpoint(AttainmentQuery query, IOptions<JsonOptions> json)
    : Endpoint<GetAttainmentRequest, Results<FileContentHttpResult, JsonHttpResult<ListResponse<AttainmentRow>>, ListFileResult<AttainmentRow>, ValidationProblem>>
{
    private const string JsonContentType = "application/json; charset=utf-8";
    /// <summary>About the size of a row in JSON (a little under 1 KB), so the buffer of a page rarely grows.</summary>
    private const int BytesPerRow = 1024;

    public override void Configure()
    {
        Get(ApiRoutes.Attainment);
        Group<AttainmentArea>();
        // The JSON page is sent as the bytes serialized once (below); this is its shape.
        Description(b => b.WithName("GetAttainment").RequireReadAccess().WithDataVersionETag().Produces<ListResponse<AttainmentRow>>());
        Summary(s => s.Summary = "One row per target: the effective target, the actual (reported or derived), met, attainment, gap, trend and status.");
    }

    /// <summary>
    /// A JSON page is serialized once per data version and kept with the index: polling clients (dashboards, BI
    /// refreshes) then cost a look-up, not the serialization of up to 10,000 rows. Files are written each time.
    /// </summary>
    public override async Task<Results<FileContentHttpResult, JsonHttpResult<ListResponse<AttainmentRow>>, ListFileResult<AttainmentRow>, ValidationProblem>> ExecuteAsync(
        GetAttainmentRequest request, CancellationToken ct)
    {
        var filter = new AttainmentFilter(request.Year, request.Indicator, request.Unit, request.Level, request.Status, request.AsOf,
            request.Disaggregation is null ? null : Domain.Disaggregation.Parse(request.Disaggregation).Key);
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? Paging.DefaultLimit;
        var file = ListFile.For(HttpContext, request, ListFile.SafeName("attainment", request.Year, request.Level, request.Indicator, request.Unit, request.Status));
        var (index, key) = await query.KeyAsync(filter, ct);
        if (file is null && index.Page(key, after, take) is { } cached) return TypedResults.Bytes(cached, JsonContentType);

        var (rows, error) = await query.PageAsync(filter, after, take + 1, ct);
        if (error is { } e) return Problems.Validation(e.Key, e.Value);
        var page = Paging.Page(rows, take, AttainmentRows.Key);
        if (file is not null) return file.Of(page.Items, page.NextCursor);
        // A page the index has no more room for is written straight to the response, without a buffer of the whole page.
        if (!index.HasRoomForPage(page.Items.Count * BytesPerRow)) return TypedResults.Json(page, json.Value.SerializerOptions, JsonContentType);
        var body = Serialize(page);
        index.RememberPage(key, after, take, body);
        return TypedResults.Bytes(body, JsonContentType);
    }

    /// <summary>
    /// The page as JSON bytes, serialized through a stream: the serializer then writes it out in small pieces, where
    /// <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonSerializerOptions?)"/> grows a pooled buffer to
    /// the whole page (10 MB for 10,000 commune rows) and leaves it, and each smaller one on the way, in the shared
    /// pool of the thread that served the request. The stream's own buffer is the answer: no second copy of it.
    /// </summary>
    private ArraySegment<byte> Serialize(ListResponse<AttainmentRow> page)
    {
        using var buffer = new MemoryStream(page.Items.Count * BytesPerRow);
        JsonSerializer.Serialize(buffer, page, json.Value.SerializerOptions);
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Units.ListUnits;

public sealed class ListUnitsEndpoint(UnitDirectory directory, TimeProvider clock)
    : Endpoint<ListUnitsRequest, Results<Ok<ListResponse<UnitResponse>>, ListFileResult<UnitResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Units);
        Group<UnitsArea>();
        Description(b => b.WithName("ListUnits").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Administrative units valid on a date (today by default), ordered by id.");
    }

    public override async Task<Results<Ok<ListResponse<UnitResponse>>, ListFileResult<UnitResponse>, ValidationProblem>> ExecuteAsync(ListUnitsRequest request, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        IEnumerable<UnitVersion> units = graph.All;
        if (request.History != true) units = units.Where(u => u.IsValidOn(request.AsOf ?? today));
        if (request.Level is not null) units = units.Where(u => u.Level == EnumText.Parse<UnitLevel>(request.Level));
        if (!string.IsNullOrEmpty(request.Parent))
        {
            var parent = graph.ResolveForRead(request.Parent, request.AsOf, today);
            if (parent.Unit is null) return Problems.Validation("parent", parent.Error!);
            units = units.Where(u => u.ParentId == parent.Unit.Id);
        }
        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            var q = TextFold.Fold(request.Q.Trim());
            units = units.Where(u => u.NameFolded.Contains(q, StringComparison.Ordinal) || u.Code == request.Q.Trim());
        }
        Paging.TryDecode(request.Cursor, out var after);
        if (after is not null) units = units.Where(u => string.CompareOrdinal(u.Id, after) > 0);
        var take = request.Limit ?? Paging.DefaultLimit;
        var rows = units.OrderBy(u => u.Id, StringComparer.Ordinal).Take(take + 1).Select(u => UnitResponse.From(u, graph)).ToList();
        var page = Paging.Page(rows, take, u => u.Id);
        return ListFile.For(HttpContext, request, ListFile.SafeName("units", request.Level, request.Parent)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

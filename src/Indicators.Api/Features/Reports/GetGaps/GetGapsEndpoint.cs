using FastEndpoints;
using System.Globalization;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Reports.GetGaps;

public sealed class GetGapsEndpoint(AttainmentQuery query)
    : Endpoint<GetGapsRequest, Results<Ok<ListResponse<GapRow>>, ListFileResult<GapRow>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Gaps);
        Group<ReportsArea>();
        Description(b => b.WithName("GetGaps").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Units ranked by their mean gap to target (in percent of target), with their targets counted by status.");
    }

    public override async Task<Results<Ok<ListResponse<GapRow>>, ListFileResult<GapRow>, ValidationProblem>> ExecuteAsync(GetGapsRequest request, CancellationToken ct)
    {
        var (rows, error) = await query.RunAsync(new AttainmentFilter(request.Year, request.Indicator, null, request.Level ?? "province", null, request.AsOf), ct);
        if (error is { } e) return Problems.Validation(e.Key, e.Value);

        var ranked = rows.GroupBy(r => (r.Unit, r.UnitName))
            .Select(g =>
            {
                var withGap = g.Where(r => r.GapPct is not null).ToList();
                var worst = withGap.MaxBy(r => r.GapPct);
                return (Unit: g.Key, Rows: g.ToList(), GapPct: withGap.Count == 0 ? (decimal?)null : Math.Round(withGap.Average(r => Math.Max(r.GapPct!.Value, 0)), 2), Worst: worst);
            })
            .OrderByDescending(u => u.GapPct ?? decimal.MinValue)
            .ThenBy(u => u.Unit.Unit, StringComparer.Ordinal)
            .Select((u, i) => new GapRow(StatusCounts.Of(u.Rows))
            {
                Rank = i + 1,
                Unit = u.Unit.Unit,
                UnitName = u.Unit.UnitName,
                GapPct = u.GapPct,
                MaxGapPct = u.Worst?.GapPct,
                MaxGapIndicator = u.Worst?.Indicator,
                MaxGapYear = u.Worst?.Year,
            })
            .ToList();

        Paging.TryDecode(request.Cursor, out var after);
        var afterRank = after is null ? 0 : int.Parse(after, CultureInfo.InvariantCulture);
        var take = request.Limit ?? Paging.DefaultLimit;
        var page = Paging.Page(ranked.Where(r => r.Rank > afterRank).Take(take + 1).ToList(), take, r => r.Rank.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("gaps", request.Year, request.Level, request.Indicator)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

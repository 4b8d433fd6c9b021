using FastEndpoints;
using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.ListTargets;

public sealed class ListTargetsEndpoint(Database database, UnitDirectory directory, CategoryDirectory categories, TimeProvider clock)
    : Endpoint<ListTargetsRequest, Results<Ok<ListResponse<TargetResponse>>, ListFileResult<TargetResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Targets);
        Group<TargetsArea>();
        Description(b => b.WithName("ListTargets").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Current targets, ordered by id; deleted ones are left out. disaggregation=total lists the targets on totals, disaggregation=sex:male those on one disaggregation; absent, every one.");
    }

    public override async Task<Results<Ok<ListResponse<TargetResponse>>, ListFileResult<TargetResponse>, ValidationProblem>> ExecuteAsync(ListTargetsRequest request, CancellationToken ct)
    {
        string? unit = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = (await directory.GetAsync(ct)).ResolveForRead(request.Unit, null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        string? disaggregation = null;
        if (!string.IsNullOrWhiteSpace(request.Disaggregation))
        {
            disaggregation = Disaggregation.Parse(request.Disaggregation).Key!;
            // A key of no known category or option matches no target: say so rather than answer an empty list.
            var (_, errors) = (await categories.GetAsync(ct)).Check(null, Disaggregation.Pairs(disaggregation).ToDictionary(p => p.Key, p => (string?)p.Value));
            if (errors.Count > 0) return Problems.Validation("disaggregation", string.Join(" ", errors.Select(e => e.Message)));
        }
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        var rows = await TargetStore.ListAsync(connection, database.Provider, request.Indicator, unit, request.Year,
            after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture), take, ct, disaggregation);
        var page = Paging.Page(rows.Select(TargetResponse.From).ToList(), take, t => t.Id.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("targets", request.Indicator, request.Unit, request.Year)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

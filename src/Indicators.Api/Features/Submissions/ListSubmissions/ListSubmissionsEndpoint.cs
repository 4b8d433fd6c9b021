using FastEndpoints;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Submissions.ListSubmissions;

public sealed class ListSubmissionsEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<ListSubmissionsRequest, Results<Ok<ListResponse<SubmissionResponse>>, ValidationProblem>>
{
    private const int DefaultLimit = 100;

    public override void Configure()
    {
        Get("");
        Group<SubmissionsArea>();
        Description(b => b.WithName("ListSubmissions").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "Submissions with their values, in the order they were created (default 100 a page): status=submitted&unit=…&children=true is the inbox of a province's approver; "
            + "unit and period together find the submission of a form, and an empty list says there is none yet.");
    }

    public override async Task<Results<Ok<ListResponse<SubmissionResponse>>, ValidationProblem>> ExecuteAsync(ListSubmissionsRequest request, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        string? unit = null;
        if (!string.IsNullOrWhiteSpace(request.Unit))
        {
            var resolved = graph.ResolveForRead(request.Unit.Trim(), null, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        Paging.TryDecode(request.Cursor, out var after);
        var take = request.Limit ?? DefaultLimit;
        var period = request.Period is null ? null : Domain.Period.Parse(request.Period).Id;
        await using var connection = await database.OpenAsync(ct);
        var keys = await SubmissionStore.ListAsync(connection, request.Status, unit, request.Children == true, period,
            after is null ? null : long.Parse(after, System.Globalization.CultureInfo.InvariantCulture), take + 1, ct);
        var states = await SubmissionStore.LoadManyAsync(connection, null, keys.Select(k => (k.UnitId, k.Period)), ct);
        var rows = keys.Select(k => (k.Id, Response: SubmissionResponse.From(states[(k.UnitId, k.Period)], graph.Find(k.UnitId)!))).ToList();
        var page = Paging.Page(rows, take, r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return TypedResults.Ok(new ListResponse<SubmissionResponse>(page.Items.Select(r => r.Response).ToList(), page.NextCursor));
    }
}

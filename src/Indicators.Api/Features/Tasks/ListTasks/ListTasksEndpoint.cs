using System.Globalization;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Tasks.ListTasks;

public sealed class ListTasksEndpoint(Database database, UnitDirectory directory, IOptions<TaskOptions> options, TimeProvider clock)
    : Endpoint<ListTasksRequest, Results<Ok<ListResponse<TaskResponse>>, ListFileResult<TaskResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Tasks);
        Group<TasksArea>();
        Description(b => b.WithName("ListTasks").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The task register, ordered by id, each task with its due date, status, whether it is overdue on a day, and the agencies that carry it then.");
    }

    public override async Task<Results<Ok<ListResponse<TaskResponse>>, ListFileResult<TaskResponse>, ValidationProblem>> ExecuteAsync(ListTasksRequest request, CancellationToken ct)
    {
        var on = request.On ?? DateRules.TodayInVietnam(clock);
        await using var connection = await database.OpenAsync(ct);
        var register = await TaskRegister.LoadAsync(connection, directory, options.Value, ct);
        string? unit = null;
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = register.Units.ResolveForRead(request.Unit, null, on);
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            unit = resolved.Unit.Id;
        }
        if (request.Agency is { } agency && register.Agencies.Find(agency) is null) return Problems.Validation("agency", $"Unknown agency '{agency}' (GET /api/v1/agencies lists them).");
        var document = request.Document is null ? null : TextFold.Fold(request.Document.Trim());
        TaskState? status = request.Status is null ? null : EnumText.Parse<TaskState>(request.Status);
        Paging.TryDecode(request.Cursor, out var after);
        var afterId = after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture);
        var take = request.Limit ?? Paging.DefaultLimit;

        var rows = (await TaskStore.AllAsync(connection, ct))
            .Where(t => t.Id > afterId && (status is null || t.Status == status)
                && (document is null || TextFold.Fold(t.Definition.Source).Contains(document, StringComparison.Ordinal)))
            .Select(t => TaskResponse.From(t, register, on))
            .Where(t => (unit is null || t.Unit == unit || t.CurrentUnit == unit)
                && (request.Agency is null || Carries(t, request.Agency, register, on))
                && (request.DueBefore is null || t.DueDate < request.DueBefore)
                && (request.Overdue is null || t.Overdue == request.Overdue))
            .Take(take + 1)
            .ToList();
        var page = Paging.Page(rows, take, t => t.Id.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("tasks", request.Unit, request.Agency, request.Status, on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }

    /// <summary>The agency leads or takes part in the task, as the document names it or as the successor of one it names.</summary>
    private static bool Carries(TaskResponse task, string agency, TaskRegister register, DateOnly on) =>
        task.LeadAgencies.Concat(task.PartnerAgencies).Any(a => a == agency || register.Agencies.Current(a, on).Codes.Contains(agency));
}

using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Tasks.GetOverdueTasks;

public sealed class GetOverdueTasksEndpoint(Database database, UnitDirectory directory, IOptions<TaskOptions> options, TimeProvider clock)
    : Endpoint<GetOverdueTasksRequest, Results<Ok<ListResponse<OverdueTasksRow>>, ListFileResult<OverdueTasksRow>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.OverdueTasks);
        Group<ReportsArea>();
        Description(b => b.WithName("GetOverdueTasks").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The tasks overdue on a day, per lead agency as it stands then (a dissolved agency's tasks under its successors, "
            + "a former province's under its successor province); most overdue tasks first.");
    }

    public override async Task<Results<Ok<ListResponse<OverdueTasksRow>>, ListFileResult<OverdueTasksRow>, ValidationProblem>> ExecuteAsync(
        GetOverdueTasksRequest request, CancellationToken ct)
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
        var overdue = (await TaskStore.AllAsync(connection, ct))
            .Select(t => (Task: t, Now: register.On(t, on)))
            .Where(t => t.Now.Overdue && (unit is null || t.Task.Definition.Unit == unit || t.Now.CurrentUnit == unit))
            .ToList();
        // A task is listed under each agency that leads it on the day, through the succession of the lead it names.
        var rows = overdue
            .SelectMany(t => t.Task.Definition.Leads
                .Select(lead => register.Agencies.Current(lead, on))
                .SelectMany(s => s.Codes.Select(agency => (Unit: t.Now.CurrentUnit, Agency: agency, s.Confidence, t.Task, t.Now))))
            .GroupBy(t => (t.Unit, t.Agency))
            .Select(g => new OverdueTasksRow
            {
                Unit = g.Key.Unit,
                UnitName = register.UnitName(g.Key.Unit),
                Agency = g.Key.Agency,
                AgencyName = register.AgencyName(g.Key.Agency, g.Key.Unit),
                Tasks = g.Select(t => t.Task.Id).Distinct().Count(),
                TaskIds = g.Select(t => t.Task.Id).Distinct().Order().ToList(),
                OldestDueDate = g.Min(t => t.Now.DueDate!.Value),
                MaxWorkingDaysLate = g.Max(t => t.Now.WorkingDaysLate),
                SuccessionConfidence = g.Select(t => t.Confidence).Max(),
            })
            .OrderByDescending(r => r.Tasks).ThenByDescending(r => r.MaxWorkingDaysLate).ThenBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Agency, StringComparer.Ordinal)
            .ToList();
        var page = new ListResponse<OverdueTasksRow>(rows, null);
        return ListFile.For(HttpContext, request, ListFile.SafeName("overdue-tasks", request.Unit, on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) is { } file
            ? file.Of(page.Items)
            : TypedResults.Ok(page);
    }
}

public sealed record GetOverdueTasksRequest : IFileFormatRequest
{
    /// <summary>The day judged; today in Vietnam when absent.</summary>
    public DateOnly? On { get; init; }
    /// <summary>Only the tasks of this unit and of the former units it succeeded.</summary>
    public string? Unit { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
}

public sealed class GetOverdueTasksRequestValidator : Validator<GetOverdueTasksRequest>
{
    public GetOverdueTasksRequestValidator()
    {
        Include(new FileFormatValidator());
        RuleFor(r => r.On).WithinServiceYears();
        RuleFor(r => r.Unit).MaximumLength(40);
    }
}

/// <summary>One lead agency of one unit and its overdue tasks.</summary>
public sealed record OverdueTasksRow
{
    /// <summary>The unit that holds the tasks on the day judged.</summary>
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    /// <summary>The agency code.</summary>
    public required string Agency { get; init; }
    public required string AgencyName { get; init; }
    /// <summary>How many of the tasks it leads are overdue.</summary>
    public required int Tasks { get; init; }
    public required IReadOnlyList<long> TaskIds { get; init; }
    public required DateOnly OldestDueDate { get; init; }
    public required int MaxWorkingDaysLate { get; init; }
    /// <summary>The weakest grade of the successions that put the tasks here; null when none did, low when not confirmed.</summary>
    public Confidence? SuccessionConfidence { get; init; }
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Tasks.GetTask;

public sealed class GetTaskEndpoint(Database database, UnitDirectory directory, IOptions<TaskOptions> options, TimeProvider clock)
    : Endpoint<GetTaskRequest, Results<Ok<TaskDetailResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Task);
        Group<TasksArea>();
        Description(b => b.WithName("GetTask").ProducesProblem(StatusCodes.Status404NotFound).RequireReadAccess()
            .WithMetadata(new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The task's revision: send it as If-Match to change the task or its status.")));
        Summary(s => s.Summary = "One task as it stands on a day, with its status history; its ETag is the revision to send as If-Match.");
    }

    public override async Task<Results<Ok<TaskDetailResponse>, ProblemHttpResult>> ExecuteAsync(GetTaskRequest request, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var task = await TaskStore.GetAsync(connection, request.Id, ct);
        if (task is null) return Problems.NotFound($"No task has the id {request.Id}.");
        var register = await TaskRegister.LoadAsync(connection, directory, options.Value, ct);
        var history = await TaskStore.HistoryAsync(connection, request.Id, ct);
        HttpContext.Response.Headers.ETag = VersionETag.Of(task.Version);
        var response = TaskResponse.From(task, register, request.On ?? DateRules.TodayInVietnam(clock));
        return TypedResults.Ok(new TaskDetailResponse(response, history.Select(TaskStatusResponse.From).ToList()));
    }
}

public sealed record GetTaskRequest
{
    public long Id { get; init; }
    /// <summary>The day the task is judged on (overdue, successors); today in Vietnam when absent.</summary>
    public DateOnly? On { get; init; }
}

public sealed class GetTaskRequestValidator : Validator<GetTaskRequest>
{
    public GetTaskRequestValidator() => RuleFor(r => r.On).WithinServiceYears();
}

/// <summary>A task with every status it has had.</summary>
public sealed record TaskDetailResponse : TaskResponse
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TaskDetailResponse(TaskResponse task, IReadOnlyList<TaskStatusResponse> statusHistory) : base(task) => StatusHistory = statusHistory;

    /// <summary>Oldest first; the first is the task's creation.</summary>
    public IReadOnlyList<TaskStatusResponse> StatusHistory { get; init; }
}

/// <summary>One status a task had, who set it and when.</summary>
public sealed record TaskStatusResponse(int Version, TaskState Status, string? EvidenceNumber, DateOnly? EvidenceDate, string? Note, DateTimeOffset ChangedAt, string ChangedBy)
{
    public static TaskStatusResponse From(TaskStatusEntry e) => new(e.Version, e.Status, e.EvidenceNumber, e.EvidenceDate, e.Note, e.ChangedAt, e.ChangedBy);
}

using FastEndpoints;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Tasks.UpdateTask;

public sealed class UpdateTaskEndpoint(Database database, UnitDirectory directory, IOptions<TaskOptions> options, TimeProvider clock)
    : Endpoint<TaskRequest, Results<Ok<TaskResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Put("{id:long}");
        Group<TasksArea>();
        Policies(AccessPolicies.Report);
        Description(b => b.WithName("UpdateTask")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithMetadata(new ReadsHeader(ApiHeaders.IfMatch, "The ETag of the task's revision being changed (GET the task first).", Required: true),
                new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The new revision; send it as If-Match with the next change."),
                new SendsHeader(StatusCodes.Status412PreconditionFailed, ApiHeaders.ETag, "The current revision.")));
        Summary(s => s.Summary = "Changes a task (a reporter of its unit, or an admin); its status changes apart. Requires If-Match; a stale one is a 412.");
    }

    public override async Task<Results<Ok<TaskResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(TaskRequest request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var today = DateRules.TodayInVietnam(clock);
        TaskRegister register;
        PlanTask? current;
        PlanTaskDefinition? task;
        Dictionary<string, string[]> errors;
        int expected;
        await using (var connection = await database.OpenAsync(ct))
        {
            current = await TaskStore.GetAsync(connection, id, ct);
            if (current is null) return Problems.NotFound($"No task has the id {id}.");
            register = await TaskRegister.LoadAsync(connection, directory, options.Value, ct);
            if (register.Refusal(User, current.Definition.Unit) is { } refusal) return refusal;
            if (VersionETag.FromIfMatch(HttpContext.Request) is not { } ifMatch) return VersionETag.Required("task");
            expected = ifMatch;
            (task, errors) = await TaskChecks.ResolveAsync(request, connection, register, today, ct);
        }
        if (task is null) return Problems.Validation(errors);
        if (register.Refusal(User, task.Unit) is { } moved) return moved;

        var outcome = await database.InTransactionAsync<(int Status, PlanTask? Task)>(User.Actor(), async w =>
        {
            var stored = await TaskStore.GetAsync(w.Connection, id, ct, w.Transaction);
            if (stored is null) return (404, null);
            if (stored.Version != expected) return (412, stored);
            var revised = await TaskStore.ReviseAsync(w, stored, task, ct, expected);
            return revised is null ? (412, stored) : (200, revised.Value.Task);
        }, ct);
        if (outcome.Task is not null) HttpContext.Response.Headers.ETag = VersionETag.Of(outcome.Task.Version);
        return outcome.Status switch
        {
            404 => Problems.NotFound($"No task has the id {id}."),
            412 => Problems.PreconditionFailed($"Task {id} is at revision {outcome.Task!.Version}, not {expected}; GET it again and reapply your change."),
            _ => TypedResults.Ok(TaskResponse.From(outcome.Task!, register, today)),
        };
    }
}

using FastEndpoints;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Tasks.CreateTask;

public sealed class CreateTaskEndpoint(Database database, UnitDirectory directory, IOptions<TaskOptions> options, TimeProvider clock)
    : Endpoint<TaskRequest, Results<Created<TaskResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("");
        Group<TasksArea>();
        Policies(AccessPolicies.Report);
        Description(b => b.WithName("CreateTask").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithMetadata(new SendsHeader(StatusCodes.Status201Created, ApiHeaders.ETag, "The first revision; send it as If-Match with a change.")));
        Summary(s => s.Summary = "Adds a task to the register (a reporter of the task's unit, or an admin); it starts as notStarted.");
    }

    public override async Task<Results<Created<TaskResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(TaskRequest request, CancellationToken ct)
    {
        var today = DateRules.TodayInVietnam(clock);
        TaskRegister register;
        PlanTaskDefinition? task;
        Dictionary<string, string[]> errors;
        await using (var connection = await database.OpenAsync(ct))
        {
            register = await TaskRegister.LoadAsync(connection, directory, options.Value, ct);
            (task, errors) = await TaskChecks.ResolveAsync(request, connection, register, today, ct);
        }
        if (task is null) return Problems.Validation(errors);
        if (register.Refusal(User, task.Unit) is { } refusal) return refusal;
        var created = await database.InTransactionAsync(User.Actor(), w => TaskStore.CreateAsync(w, task, ct), ct);
        HttpContext.Response.Headers.ETag = VersionETag.Of(created.Version);
        return TypedResults.Created($"/api/v1/tasks/{created.Id}", TaskResponse.From(created, register, today));
    }
}

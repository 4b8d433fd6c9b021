using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Tasks.ChangeTaskStatus;

public sealed class ChangeTaskStatusEndpoint(Database database, UnitDirectory directory, IOptions<TaskOptions> options, TimeProvider clock)
    : Endpoint<ChangeTaskStatusRequest, Results<Ok<TaskResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("{id:long}/status");
        Group<TasksArea>();
        Policies(AccessPolicies.Report);
        Description(b => b.WithName("ChangeTaskStatus")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithMetadata(new ReadsHeader(ApiHeaders.IfMatch, "The ETag of the task's revision being changed (GET the task first).", Required: true),
                new SendsHeader(StatusCodes.Status200OK, ApiHeaders.ETag, "The new revision; send it as If-Match with the next change."),
                new SendsHeader(StatusCodes.Status412PreconditionFailed, ApiHeaders.ETag, "The current revision.")));
        Summary(s => s.Summary = "Moves a task to inProgress or done (with the evidence document's number and date), or reopens a done one with a reason. "
            + "A recurring task is done once a year, each time for its next yearly report. Requires If-Match.");
    }

    public override async Task<Results<Ok<TaskResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(ChangeTaskStatusRequest request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var today = DateRules.TodayInVietnam(clock);
        TaskRegister register;
        await using (var connection = await database.OpenAsync(ct))
        {
            var current = await TaskStore.GetAsync(connection, id, ct);
            if (current is null) return Problems.NotFound($"No task has the id {id}.");
            register = await TaskRegister.LoadAsync(connection, directory, options.Value, ct);
            if (register.Refusal(User, current.Definition.Unit) is { } refusal) return refusal;
        }
        if (VersionETag.FromIfMatch(HttpContext.Request) is not { } expected) return VersionETag.Required("task");
        var change = new TaskStatusChange(request.Status!.Value, TextFold.Nfc(request.EvidenceNumber)?.Trim(), request.EvidenceDate, TextFold.Nfc(request.Note)?.Trim());

        var outcome = await database.InTransactionAsync<(int Status, PlanTask? Task, TaskStatusRefusal? Refusal)>(User.Actor(), async w =>
        {
            var stored = await TaskStore.GetAsync(w.Connection, id, ct, w.Transaction);
            if (stored is null) return (404, null, null);
            if (stored.Version != expected) return (412, stored, null);
            var d = stored.Definition;
            if (TaskWorkflow.Check(stored.Status, change, d.Due.IsRecurring, d.IssuedOn, today) is { } refused) return (refused.IsConflict ? 409 : 400, stored, refused);
            var changed = await TaskStore.ChangeStatusAsync(w, stored, change, expected, ct);
            return changed is null ? (412, stored, null) : (200, changed, null);
        }, ct);
        if (outcome.Task is not null) HttpContext.Response.Headers.ETag = VersionETag.Of(outcome.Task.Version);
        return outcome.Status switch
        {
            404 => Problems.NotFound($"No task has the id {id}."),
            412 => Problems.PreconditionFailed($"Task {id} is at revision {outcome.Task!.Version}, not {expected}; GET it again and reapply your change."),
            409 => Problems.Conflict(outcome.Refusal!.Message),
            400 => Problems.Validation(outcome.Refusal!.Field!, outcome.Refusal.Message),
            _ => TypedResults.Ok(TaskResponse.From(outcome.Task!, register, today)),
        };
    }
}

public sealed record ChangeTaskStatusRequest
{
    /// <summary>inProgress or done (notStarted only as the first status).</summary>
    public TaskState? Status { get; init; }
    /// <summary>With done: the number of the document that shows the task done (e.g. 123/BC-SYT).</summary>
    public string? EvidenceNumber { get; init; }
    /// <summary>With done: that document's date, not in the future.</summary>
    public DateOnly? EvidenceDate { get; init; }
    /// <summary>Why; required when a done task is reopened.</summary>
    public string? Note { get; init; }
}

public sealed class ChangeTaskStatusRequestValidator : Validator<ChangeTaskStatusRequest>
{
    public ChangeTaskStatusRequestValidator()
    {
        RuleFor(r => r.Status).NotNull();
        RuleFor(r => r.EvidenceNumber).MaximumLength(200).Must(TextRules.IsPrintable).WithMessage("evidenceNumber must not contain control characters.");
        RuleFor(r => r.EvidenceDate).WithinServiceYears();
        RuleFor(r => r.Note).MaximumLength(4000).Must(TextRules.IsPrintable).WithMessage("note must not contain control characters.");
    }
}

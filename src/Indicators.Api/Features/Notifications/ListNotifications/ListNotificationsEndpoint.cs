using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Notifications.ListNotifications;

public sealed class ListNotificationsEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<ListNotificationsRequest, Results<Ok<ListResponse<NotificationResponse>>, ListFileResult<NotificationResponse>, ValidationProblem, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Notifications);
        Group<NotificationsArea>();
        Policies(AccessPolicies.AnyKey);
        Description(b => b.WithName("ListNotifications").ProducesProblem(StatusCodes.Status403Forbidden));
        Summary(s => s.Summary = "The notifications of the key's units (every unit for an admin) after the id since, oldest first: poll with the last id seen.");
    }

    public override async Task<Results<Ok<ListResponse<NotificationResponse>>, ListFileResult<NotificationResponse>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(
        ListNotificationsRequest request, CancellationToken ct)
    {
        var units = await directory.GetAsync(ct);
        IReadOnlyCollection<string> scope = User.IsAdmin() ? [units.All.Single(u => u.Level == UnitLevel.Country).Id] : User.ScopeUnits();
        if (!string.IsNullOrEmpty(request.Unit))
        {
            var resolved = units.ResolveForRead(request.Unit, null, DateRules.TodayInVietnam(clock));
            if (resolved.Unit is null) return Problems.Validation("unit", resolved.Error!);
            if (!units.IsCovered(resolved.Unit.Id, scope))
                return Problems.Forbidden($"This key may not read the notifications of {resolved.Unit.Id}; its units are {string.Join(", ", scope)}.");
            scope = [resolved.Unit.Id];
        }
        var covered = units.All.Where(u => units.IsCovered(u.Id, scope)).Select(u => u.Id).ToList();
        Paging.TryDecode(request.Cursor, out var after);
        var afterId = Math.Max(request.Since ?? 0, after is null ? 0 : long.Parse(after, CultureInfo.InvariantCulture));
        var take = request.Limit ?? Paging.DefaultLimit;
        await using var connection = await database.OpenAsync(ct);
        // Every unit is no filter: the list parameter stays short.
        var rows = covered.Count == 0 ? []
            : (await NotificationStore.ListAsync(connection, covered.Count == units.All.Count ? null : covered, afterId, take + 1, ct)).Select(NotificationResponse.From).ToList();
        var page = Paging.Page(rows, take, n => n.Id.ToString(CultureInfo.InvariantCulture));
        return ListFile.For(HttpContext, request, ListFile.SafeName("notifications", request.Unit, afterId)) is { } file
            ? file.Of(page.Items, page.NextCursor)
            : TypedResults.Ok(page);
    }
}

public sealed class ListNotificationsRequest : IFileFormatRequest
{
    /// <summary>Only this unit's notifications (and those of the units it covers): an id, or a bare code resolved today.</summary>
    public string? Unit { get; init; }
    /// <summary>Only notifications with an id above this one: the last id a client has seen.</summary>
    public long? Since { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListNotificationsRequestValidator : Validator<ListNotificationsRequest>
{
    public ListNotificationsRequestValidator()
    {
        Include(ListQueryValidator<ListNotificationsRequest>.ById(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Since).GreaterThanOrEqualTo(0);
    }
}

/// <summary>A notification: returned or approved submissions, reports due or overdue, tasks due.</summary>
public sealed record NotificationResponse
{
    /// <summary>Increasing: poll with since = the last id seen. The webhook sends it as the delivery id.</summary>
    public required long Id { get; init; }
    public required NotificationKind Kind { get; init; }
    public required string Unit { get; init; }
    /// <summary>The period of a submission or a report.</summary>
    public string? Period { get; init; }
    public long? TaskId { get; init; }
    /// <summary>The deadline of a report or a task.</summary>
    public DateOnly? DueDate { get; init; }
    /// <summary>The notification in Vietnamese.</summary>
    public required string Message { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The key that caused it (the approver of a return), or the service for a deadline.</summary>
    public required string CreatedBy { get; init; }

    public static NotificationResponse From(Notification n) => new()
    {
        Id = n.Id, Kind = n.Kind, Unit = n.Unit, Period = n.Period, TaskId = n.TaskId, DueDate = n.DueDate, Message = n.Message,
        CreatedAt = n.CreatedAt, CreatedBy = n.CreatedBy,
    };
}

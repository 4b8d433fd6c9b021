using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Tasks.ListTasks;

public sealed class ListTasksRequest : IFileFormatRequest
{
    /// <summary>Part of the source document, accents optional: <c>1870/KH-UBND</c>, <c>08-CTr/TU</c>.</summary>
    public string? Document { get; init; }
    /// <summary>The tasks of this unit, and of the former units it succeeded: an id, or a bare code resolved at <c>on</c>.</summary>
    public string? Unit { get; init; }
    /// <summary>An agency code: the tasks it leads or takes part in, as written or as its successor on <c>on</c>.</summary>
    public string? Agency { get; init; }
    /// <summary>notStarted, inProgress or done.</summary>
    [System.ComponentModel.DataAnnotations.AllowedValues("notStarted", "inProgress", "done")]
    public string? Status { get; init; }
    /// <summary>Only tasks whose due date is before this day.</summary>
    public DateOnly? DueBefore { get; init; }
    /// <summary>true: only the tasks overdue on <c>on</c>; false: only the others.</summary>
    public bool? Overdue { get; init; }
    /// <summary>The day tasks are judged on (overdue, successors); today in Vietnam when absent.</summary>
    public DateOnly? On { get; init; }
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed class ListTasksRequestValidator : Validator<ListTasksRequest>
{
    public ListTasksRequestValidator()
    {
        Include(ListQueryValidator<ListTasksRequest>.ById(r => r.Limit, r => r.Cursor));
        RuleFor(r => r.Document).MaximumLength(300).Must(TextRules.IsPrintable).WithMessage("document must not contain control characters.");
        RuleFor(r => r.Unit).MaximumLength(40);
        RuleFor(r => r.Agency).MaximumLength(64);
        RuleFor(r => r.Status).Must(s => s is null || EnumText.TryParse<TaskState>(s, out _)).WithMessage("status must be notStarted, inProgress or done.");
        RuleFor(r => r.On).WithinServiceYears();
    }
}

using System.Data.Common;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage;

namespace Indicators.Api.Features.Tasks;

/// <summary>A task as a client writes it, for creation and for a change; the status changes apart.</summary>
public sealed record TaskRequest
{
    /// <summary>The document: number, issuer, date (e.g. 1870/KH-UBND Bình Thuận 22/5/2024).</summary>
    public string? Source { get; init; }
    /// <summary>The document's date; a bare unit code is resolved at it.</summary>
    public DateOnly? IssuedOn { get; init; }
    /// <summary>The unit whose plan it is: an id, or a bare code.</summary>
    public string? Unit { get; init; }
    public string? Part { get; init; }
    public string? Item { get; init; }
    public string? TextVi { get; init; }
    /// <summary>Agency codes (GET /api/v1/agencies), at least one.</summary>
    public IReadOnlyList<string>? LeadAgencies { get; init; }
    public IReadOnlyList<string>? PartnerAgencies { get; init; }
    public string? OutputForm { get; init; }
    /// <summary>The completion time as the document writes it: "Quý II năm 2024", "Trước ngày 01/7/2025", "trong năm 2025", "Từ năm 2026", "Nhiệm vụ thường xuyên"; empty for none.</summary>
    public string? DueText { get; init; }
    /// <summary>The ids of the targets the task serves.</summary>
    public IReadOnlyList<long>? TargetIds { get; init; }
    public string? Note { get; init; }
    public string? OcrDoubt { get; init; }
}

public sealed class TaskRequestValidator : Validator<TaskRequest>
{
    public TaskRequestValidator()
    {
        RuleFor(r => r.Source).NotEmpty().MaximumLength(300).Must(TextRules.IsPrintable).WithMessage("source must name the document and contain no control characters.");
        RuleFor(r => r.IssuedOn).NotNull().WithinServiceYears();
        RuleFor(r => r.Unit).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Part).MaximumLength(40).Must(TextRules.IsPrintable);
        RuleFor(r => r.Item).NotEmpty().MaximumLength(40).Must(TextRules.IsPrintable);
        RuleFor(r => r.TextVi).NotEmpty().MaximumLength(10_000).Must(TextRules.IsPrintable).WithMessage("textVi must be the task's text, without control characters.");
        RuleFor(r => r.LeadAgencies).NotEmpty().WithMessage("A task has at least one lead agency.").Must(a => a is null || a.Count <= 20).WithMessage("At most 20 lead agencies.");
        RuleFor(r => r.PartnerAgencies).Must(a => a is null || a.Count <= 20).WithMessage("At most 20 partner agencies.");
        RuleForEach(r => r.LeadAgencies).NotEmpty().MaximumLength(64);
        RuleForEach(r => r.PartnerAgencies).NotEmpty().MaximumLength(64);
        RuleFor(r => r.OutputForm).MaximumLength(500).Must(TextRules.IsPrintable);
        RuleFor(r => r.DueText).MaximumLength(200).Must(TextRules.IsPrintable)
            .Must(t => TaskDue.TryParse(t, out _, out _)).WithMessage(r => TaskDue.TryParse(r.DueText, out _, out var error) ? "" : error);
        RuleFor(r => r.TargetIds).Must(t => t is null || t.Count <= 50).WithMessage("At most 50 targets.");
        RuleForEach(r => r.TargetIds).GreaterThan(0);
        RuleFor(r => r.Note).MaximumLength(4000).Must(TextRules.IsPrintable).WithMessage("note must not contain control characters.");
        RuleFor(r => r.OcrDoubt).MaximumLength(4000).Must(TextRules.IsPrintable).WithMessage("ocrDoubt must not contain control characters.");
    }
}

/// <summary>The checks of a task against the units, agencies and targets, shared by creation and change.</summary>
public static class TaskChecks
{
    public static async Task<(PlanTaskDefinition? Task, Dictionary<string, string[]> Errors)> ResolveAsync(
        TaskRequest request, DbConnection connection, TaskRegister register, DateOnly today, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var issuedOn = request.IssuedOn!.Value;
        var unit = register.Units.ResolveForRead(request.Unit!, issuedOn, today);
        if (unit.Unit is null) errors["unit"] = [unit.Error!];
        else if (!unit.Unit.IsValidOn(issuedOn)) errors["unit"] = [$"Unit {unit.Unit.Id} ({unit.Unit.NameVi}) does not exist on {issuedOn:yyyy-MM-dd}, the document's date."];

        var leads = request.LeadAgencies!.Select(TextFold.Nfc).Select(a => a!.Trim()).ToList();
        var partners = (request.PartnerAgencies ?? []).Select(TextFold.Nfc).Select(a => a!.Trim()).ToList();
        foreach (var (field, codes) in new[] { ("leadAgencies", leads), ("partnerAgencies", partners) })
        {
            var unknown = codes.Where(c => register.Agencies.Find(c) is null).ToList();
            if (unknown.Count > 0) errors[field] = [$"Unknown agencies: {string.Join(", ", unknown)} (GET /api/v1/agencies lists them)."];
            else if (codes.Distinct(StringComparer.Ordinal).Count() != codes.Count) errors[field] = ["An agency is named twice."];
        }
        var targets = (request.TargetIds ?? []).Distinct().Order().ToList();
        var current = await TaskStore.CurrentTargetsAsync(connection, targets, ct);
        if (targets.Where(t => !current.Contains(t)).ToList() is { Count: > 0 } missing) errors["targetIds"] = [$"No current target has the id {string.Join(", ", missing)}."];
        if (errors.Count > 0) return (null, errors);

        static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : TextFold.Nfc(s)!.Trim();
        return (new PlanTaskDefinition(Text(request.Source)!, issuedOn, unit.Unit!.Id, Text(request.Part), Text(request.Item)!, Text(request.TextVi)!,
            leads, partners, Text(request.OutputForm), Text(request.DueText), Text(request.Note), Text(request.OcrDoubt), targets), errors);
    }
}

using System.Data.Common;
using System.Security.Claims;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Explanations;

/// <summary>An explanation as a client writes it, for creation and for a change (a change keeps target, unit and year).</summary>
public sealed record ExplanationRequest
{
    /// <summary>The id of the missed target.</summary>
    public long? TargetId { get; init; }
    /// <summary>The unit that missed it: the target's own or one it applies to; an id, or a bare code.</summary>
    public string? Unit { get; init; }
    /// <summary>The year the miss is explained for, not after the target year.</summary>
    public int? Year { get; init; }
    /// <summary>staffShortage, fundingShortage, dataQuality, merger or other.</summary>
    public string? Cause { get; init; }
    /// <summary>The explanation, in Vietnamese.</summary>
    public string? TextVi { get; init; }
    public string? CorrectiveAction { get; init; }
    /// <summary>The agency responsible for the corrective action: an agency code (GET /api/v1/agencies).</summary>
    public string? Agency { get; init; }
    /// <summary>When the corrective action is due.</summary>
    public DateOnly? DueDate { get; init; }
    /// <summary>open (default), inProgress or resolved.</summary>
    public string? Status { get; init; }
}

public sealed class ExplanationRequestValidator : Validator<ExplanationRequest>
{
    public ExplanationRequestValidator()
    {
        RuleFor(r => r.TargetId).NotNull().GreaterThan(0);
        RuleFor(r => r.Unit).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Year).NotNull().InclusiveBetween(2000, 2100).WithMessage("year must be between 2000 and 2100.");
        RuleFor(r => r.Cause).NotEmpty().MaximumLength(64);
        RuleFor(r => r.TextVi).NotEmpty().MaximumLength(10_000).Must(TextRules.IsPrintable).WithMessage("textVi must explain the miss, without control characters.");
        RuleFor(r => r.CorrectiveAction).MaximumLength(10_000).Must(TextRules.IsPrintable).WithMessage("correctiveAction must not contain control characters.");
        RuleFor(r => r.Agency).MaximumLength(64);
        RuleFor(r => r.DueDate).WithinServiceYears();
        RuleFor(r => r.Status).Must(s => s is null || EnumText.TryParse<ExplanationStatus>(s, out _)).WithMessage("status must be open, inProgress or resolved.");
    }
}

/// <summary>The checks of an explanation against the targets, units, causes and agencies, and the key's scope; shared by creation and change.</summary>
public static class ExplanationChecks
{
    public static async Task<(ExplanationDefinition? Explanation, Dictionary<string, string[]> Errors)> ResolveAsync(
        ExplanationRequest request, DbConnection connection, UnitGraph units, DateOnly today, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var target = await TargetStore.GetAsync(connection, request.TargetId!.Value, ct);
        if (target is not { DeletedAt: null }) errors["targetId"] = [$"No current target has the id {request.TargetId}."];
        var unit = units.ResolveForRead(request.Unit!, null, today);
        if (unit.Unit is null) errors["unit"] = [unit.Error!];
        else if (target is { } t && !units.IsCovered(unit.Unit.Id, [t.Target.Unit]))
            errors["unit"] = [$"Target {t.Target.Id} is {t.Target.Unit}'s; it does not apply to {unit.Unit.Id} ({unit.Unit.NameVi})."];
        if (target is { } y && request.Year > y.Target.Year) errors["year"] = [$"Target {y.Target.Id} is for {y.Target.Year}; a miss is explained for that year or one before."];
        var cause = TextFold.Nfc(request.Cause)!.Trim();
        var causes = await ExplanationStore.CausesAsync(connection, ct);
        if (causes.All(c => c.Code != cause)) errors["cause"] = [$"cause must be one of {string.Join(", ", causes.Select(c => c.Code))}."];
        var agency = string.IsNullOrWhiteSpace(request.Agency) ? null : TextFold.Nfc(request.Agency)!.Trim();
        if (agency is not null && !(await AgencyStore.AllAsync(connection, null, ct)).ContainsKey(agency))
            errors["agency"] = [$"Unknown agency '{agency}' (GET /api/v1/agencies lists them)."];
        if (errors.Count > 0) return (null, errors);

        static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : TextFold.Nfc(s)!.Trim();
        return (new ExplanationDefinition(request.TargetId!.Value, unit.Unit!.Id, request.Year!.Value, cause, Text(request.TextVi)!, Text(request.CorrectiveAction),
            agency, request.DueDate, request.Status is null ? ExplanationStatus.Open : EnumText.Parse<ExplanationStatus>(request.Status)), errors);
    }

    /// <summary>A key that is not an admin's explains the misses of the units its scope covers.</summary>
    public static ProblemHttpResult? Refusal(ClaimsPrincipal user, UnitGraph units, string unitId) =>
        user.IsAdmin() || units.IsCovered(unitId, user.ScopeUnits()) ? null
            : Problems.Forbidden($"This key may not explain the misses of {unitId}; its units are {string.Join(", ", user.ScopeUnits())}.");
}

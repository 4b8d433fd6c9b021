namespace Indicators.Api.Domain;

/// <summary>Where the corrective action of an explanation stands.</summary>
public enum ExplanationStatus { Open, InProgress, Resolved }

/// <summary>A cause of a miss, from the short list seeded with the schema.</summary>
public sealed record ExplanationCause(string Code, string NameVi, string NameEn);

/// <summary>Why a unit missed (or is missing) a target in a year, and what is done about it.</summary>
public sealed record ExplanationDefinition(long TargetId, string Unit, int Year, string Cause, string TextVi, string? CorrectiveAction,
    string? Agency, DateOnly? DueDate, ExplanationStatus Status);

/// <summary>An explanation as stored: its definition at a revision.</summary>
public sealed record Explanation(long Id, ExplanationDefinition Definition, int Version, DateTimeOffset UpdatedAt, string UpdatedBy);

public static class Explanations
{
    /// <summary>
    /// The explanation an attainment row shows: that of the target and unit for the latest year not after the year judged
    /// (the earlier of the as-of year and the target year), so a 2030 target judged in 2027 shows why 2026 fell short; null without one.
    /// </summary>
    public static Explanation? Current(IEnumerable<Explanation> ofTargetAndUnit, int targetYear, DateOnly asOf)
    {
        var judged = Math.Min(targetYear, asOf.Year);
        return ofTargetAndUnit.Where(e => e.Definition.Year <= judged).MaxBy(e => e.Definition.Year);
    }
}

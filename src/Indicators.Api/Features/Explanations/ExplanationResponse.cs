using Indicators.Api.Domain;

namespace Indicators.Api.Features.Explanations;

/// <summary>An explanation of a miss at one revision.</summary>
public sealed record ExplanationResponse
{
    public required long Id { get; init; }
    public required long TargetId { get; init; }
    public required string Unit { get; init; }
    public required int Year { get; init; }
    public required string Cause { get; init; }
    public required string CauseNameVi { get; init; }
    public required string CauseNameEn { get; init; }
    public required string TextVi { get; init; }
    public string? CorrectiveAction { get; init; }
    /// <summary>The agency code of the agency responsible for the corrective action.</summary>
    public string? Agency { get; init; }
    public DateOnly? DueDate { get; init; }
    public required ExplanationStatus Status { get; init; }
    /// <summary>The revision; also the ETag for If-Match.</summary>
    public required int Version { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The key (name and prefix) that wrote the revision.</summary>
    public required string UpdatedBy { get; init; }

    public static ExplanationResponse From(Explanation e, IReadOnlyList<ExplanationCause> causes)
    {
        var d = e.Definition;
        var cause = causes.FirstOrDefault(c => c.Code == d.Cause);
        return new ExplanationResponse
        {
            Id = e.Id, TargetId = d.TargetId, Unit = d.Unit, Year = d.Year, Cause = d.Cause, CauseNameVi = cause?.NameVi ?? d.Cause,
            CauseNameEn = cause?.NameEn ?? d.Cause, TextVi = d.TextVi, CorrectiveAction = d.CorrectiveAction, Agency = d.Agency, DueDate = d.DueDate,
            Status = d.Status, Version = e.Version, UpdatedAt = e.UpdatedAt, UpdatedBy = e.UpdatedBy,
        };
    }
}

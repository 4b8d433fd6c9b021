namespace Indicators.Api.Domain;

/// <summary>The current revision of a target (DESIGN §2 Targets).</summary>
public record Target
{
    public required long Id { get; init; }
    public required string Indicator { get; init; }
    public required string Unit { get; init; }
    /// <summary>The disaggregation the target is set on (<c>sex:male</c>); <c>""</c> for the total.</summary>
    public string Disaggregation { get; init; } = "";
    public required int Year { get; init; }
    public required Comparator Comparator { get; init; }
    public required decimal Value { get; init; }
    public decimal? UpperValue { get; init; }
    public required TargetKind Kind { get; init; }
    public decimal? BaselineValue { get; init; }
    public int? BaselineYear { get; init; }
    public string? ReferenceUnit { get; init; }
    /// <summary>The document that set the target: number, issuer, date.</summary>
    public required string Source { get; init; }
    /// <summary>The document's own words for the commitment, in Vietnamese (NFC).</summary>
    public string? Quote { get; init; }
    public string? Note { get; init; }
    /// <summary>The units below this target's unit that are held to it when they have no target of their own.</summary>
    public CascadeTo CascadeTo { get; init; }
    /// <summary>Why the target does (or does not) apply to the units below: required with a cascade.</summary>
    public string? CascadeReason { get; init; }
    /// <summary>The revision number; also the ETag for If-Match.</summary>
    public required int Version { get; init; }
}

/// <summary>One revision in a target's history: the target as it was, and who changed it how.</summary>
public sealed record TargetRevision : Target
{
    /// <summary>created, updated or deleted.</summary>
    public required string Change { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
}

/// <summary>What a client or a seed row says a target is; the store assigns id and version.</summary>
public sealed record TargetDefinition(
    string Indicator, string Unit, int Year, Comparator Comparator, decimal Value, decimal? UpperValue, TargetKind Kind,
    decimal? BaselineValue, int? BaselineYear, string? ReferenceUnit, string Source, string? Quote, string? Note,
    CascadeTo CascadeTo, string? CascadeReason, string Disaggregation = "");

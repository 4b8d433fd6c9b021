using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Targets;

/// <summary>The current revision of a target (DESIGN §2 Targets).</summary>
public record TargetResponse
{
    public required long Id { get; init; }
    public required string Indicator { get; init; }
    public required string Unit { get; init; }
    public required int Year { get; init; }
    public required Comparator Comparator { get; init; }
    public required decimal Value { get; init; }
    [IndicatorDecimals]
    public decimal? UpperValue { get; init; }
    public required TargetKind Kind { get; init; }
    [IndicatorDecimals]
    public decimal? BaselineValue { get; init; }
    public int? BaselineYear { get; init; }
    public string? ReferenceUnit { get; init; }
    /// <summary>The document that set the target: number, issuer, date.</summary>
    public required string Source { get; init; }
    /// <summary>The document's own words for the commitment (Vietnamese), from which the comparator is read.</summary>
    public string? Quote { get; init; }
    public string? Note { get; init; }
    /// <summary>none, provinces or provincesAndCommunes: the units below this target's unit held to it when they have no target of their own.</summary>
    public required CascadeTo Cascade { get; init; }
    /// <summary>Why the target does or does not apply to the units below.</summary>
    public string? CascadeReason { get; init; }
    /// <summary>The revision number; also the ETag for If-Match.</summary>
    public required int Version { get; init; }
    /// <summary>The disaggregation the target is set on as its canonical key (<c>sex:male</c>); null for the total.</summary>
    public string? Disaggregation { get; init; }

    public static TargetResponse From(Target t) => new()
    {
        Id = t.Id, Indicator = t.Indicator, Unit = t.Unit, Disaggregation = Domain.Disaggregation.OrNull(t.Disaggregation), Year = t.Year, Comparator = t.Comparator, Value = t.Value, UpperValue = t.UpperValue,
        Kind = t.Kind, BaselineValue = t.BaselineValue, BaselineYear = t.BaselineYear, ReferenceUnit = t.ReferenceUnit, Source = t.Source,
        Quote = t.Quote, Note = t.Note, Cascade = t.CascadeTo, CascadeReason = t.CascadeReason, Version = t.Version,
    };
}

/// <summary>One revision in a target's history: the target as it was, and who changed it how.</summary>
public sealed record TargetRevisionResponse : TargetResponse
{
    /// <summary>created, updated or deleted.</summary>
    public required string Change { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }

    public static TargetRevisionResponse From(TargetRevision r) => new()
    {
        Id = r.Id, Indicator = r.Indicator, Unit = r.Unit, Disaggregation = Domain.Disaggregation.OrNull(r.Disaggregation), Year = r.Year, Comparator = r.Comparator, Value = r.Value, UpperValue = r.UpperValue,
        Kind = r.Kind, BaselineValue = r.BaselineValue, BaselineYear = r.BaselineYear, ReferenceUnit = r.ReferenceUnit, Source = r.Source,
        Quote = r.Quote, Note = r.Note, Cascade = r.CascadeTo, CascadeReason = r.CascadeReason, Version = r.Version, Change = r.Change, ChangedAt = r.ChangedAt, ChangedBy = r.ChangedBy,
    };
}

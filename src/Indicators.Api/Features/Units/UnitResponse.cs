using Indicators.Api.Domain;

namespace Indicators.Api.Features.Units;

/// <summary>A territory version, with the versions merged into it and the one it merged into.</summary>
public sealed record UnitResponse
{
    public required string Id { get; init; }
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required UnitLevel Level { get; init; }
    /// <summary>For communes: xa, phuong or dac_khu.</summary>
    public string? Type { get; init; }
    public string? ParentId { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public string? SuccessorId { get; init; }
    public required IReadOnlyList<string> PredecessorIds { get; init; }
    public string? Note { get; init; }
    /// <summary>The former unit whose territory this one is formed wholly from (lineage merge_type = full).</summary>
    public string? FormedFromId { get; init; }

    public static UnitResponse From(UnitVersion unit, UnitGraph graph) => new()
    {
        Id = unit.Id,
        Code = unit.Code,
        NameVi = unit.NameVi,
        Level = unit.Level,
        Type = unit.Type,
        ParentId = unit.ParentId,
        ValidFrom = unit.ValidFrom,
        ValidTo = unit.ValidTo,
        SuccessorId = unit.SuccessorId,
        PredecessorIds = graph.Predecessors(unit.Id).Select(p => p.Id).ToList(),
        Note = unit.Note,
        FormedFromId = unit.FormedFromId,
    };
}

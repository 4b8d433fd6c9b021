using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>
/// The unit graph, loaded once and kept in memory (a few thousand rows that change rarely); writers of
/// units call <see cref="Invalidate"/>. Each instance of the service reloads on its own next read.
/// </summary>
public sealed class UnitDirectory(Database database)
{
    private volatile Task<UnitGraph>? _graph;

    public Task<UnitGraph> GetAsync(CancellationToken ct = default)
    {
        var graph = _graph;
        if (graph is null || graph.IsFaulted || graph.IsCanceled)
        {
            // Two concurrent first reads may both load; the result is the same and cheap.
            graph = LoadAsync();
            _graph = graph;
        }
        return ct.CanBeCanceled ? graph.WaitAsync(ct) : graph;
    }

    public void Invalidate() => _graph = null;

    private async Task<UnitGraph> LoadAsync()
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<UnitRow>(
            "SELECT id, code, name_vi AS nameVi, level, parent_id AS parentId, valid_from AS validFrom, valid_to AS validTo, successor_id AS successorId, type, note FROM units");
        return new UnitGraph(rows.Select(r => new UnitVersion(
            r.Id, r.Code, r.NameVi, EnumText.Parse<UnitLevel>(r.Level), r.ParentId,
            Clock.ParseDate(r.ValidFrom), Clock.ParseDate(r.ValidTo), r.SuccessorId, r.Type, r.Note)));
    }

    private sealed record UnitRow(string Id, string Code, string NameVi, string Level, string? ParentId, string? ValidFrom, string? ValidTo, string? SuccessorId, string? Type, string? Note);
}

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
        return new UnitGraph((await UnitStore.AllAsync(connection, null, CancellationToken.None)).Values);
    }
}

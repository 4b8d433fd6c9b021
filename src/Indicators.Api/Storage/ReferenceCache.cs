using System.Data.Common;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>
/// A small table that changes rarely, kept in memory. Writers in this instance call <see cref="Invalidate"/>; edits made
/// through another instance on the same database are found by a look at the audit entries since the load, at most once
/// per <see cref="CheckInterval"/>, or at once by <see cref="RefreshAsync"/>.
/// </summary>
public abstract class ReferenceCache<T>(Database database, TimeProvider clock, AuditEntity entity)
{
    /// <summary>How stale another instance's edit may be here.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private volatile Loaded? _loaded;

    private sealed record Loaded(Task<(T Value, long Watermark)> Value, long CheckedAt);

    public async Task<T> GetAsync(CancellationToken ct = default)
    {
        var loaded = _loaded;
        if (loaded is null || loaded.Value.IsFaulted || loaded.Value.IsCanceled) loaded = Load();
        else if (clock.GetElapsedTime(loaded.CheckedAt) >= CheckInterval && loaded.Value.IsCompletedSuccessfully) loaded = await CheckAsync(loaded, ct);
        return (await (ct.CanBeCanceled ? loaded.Value.WaitAsync(ct) : loaded.Value)).Value;
    }

    /// <summary>The table as the database has it now, whichever instance changed it.</summary>
    public async Task<T> RefreshAsync(CancellationToken ct = default)
    {
        var loaded = _loaded;
        if (loaded is { Value.IsCompletedSuccessfully: true }) await CheckAsync(loaded, ct);
        return await GetAsync(ct);
    }

    public void Invalidate() => _loaded = null;

    protected abstract Task<T> ReadAsync(DbConnection connection);

    private async Task<Loaded> CheckAsync(Loaded loaded, CancellationToken ct)
    {
        var (value, watermark) = loaded.Value.Result;
        await using var connection = await database.OpenAsync(ct);
        var (last, changed) = await AuditStore.ChangedSinceAsync(connection, entity, watermark, ct);
        if (changed) return Load();
        // Two concurrent checks may both look; either result is current.
        return _loaded = new Loaded(last == watermark ? loaded.Value : Task.FromResult((value, last)), clock.GetTimestamp());
    }

    private Loaded Load()
    {
        // Two concurrent loads may both read; the result is the same and cheap.
        var loaded = new Loaded(LoadAsync(), clock.GetTimestamp());
        _loaded = loaded;
        return loaded;
    }

    private async Task<(T, long)> LoadAsync()
    {
        await using var connection = await database.OpenAsync();
        // The watermark first: an edit committed between the two reads is found by the next check.
        var (watermark, _) = await AuditStore.ChangedSinceAsync(connection, entity, 0);
        return (await ReadAsync(connection), watermark);
    }
}

/// <summary>The unit graph (a few thousand rows).</summary>
public sealed class UnitDirectory(Database database, TimeProvider clock) : ReferenceCache<UnitGraph>(database, clock, AuditEntity.Unit)
{
    protected override async Task<UnitGraph> ReadAsync(DbConnection connection) =>
        new((await UnitStore.AllAsync(connection, null, CancellationToken.None)).Values);
}

/// <summary>The indicator catalog by code.</summary>
public sealed class CatalogDirectory(Database database, TimeProvider clock) : ReferenceCache<IReadOnlyDictionary<string, Indicator>>(database, clock, AuditEntity.Indicator)
{
    protected override async Task<IReadOnlyDictionary<string, Indicator>> ReadAsync(DbConnection connection) =>
        (await CatalogStore.AllAsync(connection, CancellationToken.None)).ToDictionary(i => i.Code, StringComparer.Ordinal);
}

/// <summary>The API keys by prefix, with their hashes: authentication without a read per request.</summary>
public sealed class KeyDirectory(Database database, TimeProvider clock) : ReferenceCache<IReadOnlyDictionary<string, StoredKey>>(database, clock, AuditEntity.ApiKey)
{
    protected override Task<IReadOnlyDictionary<string, StoredKey>> ReadAsync(DbConnection connection) => KeyStore.AllForAuthenticationAsync(connection);
}

/// <summary>The categories of disaggregations, their options and the combinations each indicator declares.</summary>
public sealed class CategoryDirectory(Database database, TimeProvider clock) : ReferenceCache<DisaggregationRules>(database, clock, AuditEntity.Category)
{
    protected override Task<DisaggregationRules> ReadAsync(DbConnection connection) => CategoryStore.RulesAsync(connection, null, CancellationToken.None);
}

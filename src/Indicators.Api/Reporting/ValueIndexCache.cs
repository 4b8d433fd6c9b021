using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Storage;

namespace Indicators.Api.Reporting;

/// <summary>The <c>Attainment</c> configuration section.</summary>
public sealed class AttainmentOptions
{
    public const string Section = "Attainment";

    /// <summary>The share of parts (children or predecessors) that must have reported before a value is derived.</summary>
    public decimal MinCoveragePct { get; set; } = 100m;

    /// <summary>Build the index when the service starts (readiness waits for it) rather than on the first report.</summary>
    public bool WarmOnStart { get; set; } = true;
}

/// <summary>
/// Keeps the <see cref="ValueIndex"/> of the current data version. Every write bumps the version, so a report read
/// right after a write is computed from an index that includes it (no batch job); reads between writes share one index.
/// <para>
/// Writers are serialised on every provider, so audit entries commit in id order: the index of a new version is made
/// from the previous one and the audit entries after its watermark, and only the values those entries name are read
/// again. After a change of the catalog, the units or the categories (by any instance) the values are carried over too,
/// and everything derived from them is derived again; a very large change reads everything again.
/// </para>
/// </summary>
/// <para>
/// Only values whose submission has a status reports count (<see cref="ReportOptions.MinimumStatus"/>) are in the index,
/// so a status change of a submission is a change of its values.
/// </para>
public sealed class ValueIndexCache(ValueIndexStore store, UnitDirectory directory, Microsoft.Extensions.Options.IOptions<AttainmentOptions> options,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reports)
{
    private readonly HashSet<string> _counted = reports.Value.CountedStatuses.ToHashSet(StringComparer.Ordinal);

    /// <summary>How many connections read the values of a full load at once.</summary>
    private static readonly int LoadConnections = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private readonly Lock _gate = new();
    private (long Version, Task<ValueIndex> Index)? _current;

    public async Task<(ValueIndex Index, long Version)> GetAsync(CancellationToken ct)
    {
        var version = await store.DataVersionAsync(ct);
        Task<ValueIndex> index;
        lock (_gate)
        {
            // One build per version: concurrent readers of the same version wait for the same index.
            if (_current is not { } current || current.Version != version || current.Index.IsFaulted || current.Index.IsCanceled)
            {
                var previous = _current is { Index.IsCompletedSuccessfully: true } done ? done.Index.Result : null;
                _current = current = (version, BuildAsync(previous));
                Operations.Telemetry.IndexLookup(hit: false);
            }
            else Operations.Telemetry.IndexLookup(hit: true);
            index = current.Index;
        }
        return (await index.WaitAsync(ct), version);
    }

    /// <summary>Forgets the index; needed only when a database is replaced under the service (tests restore a snapshot).</summary>
    public void Invalidate()
    {
        lock (_gate) _current = null;
    }

    private async Task<ValueIndex> BuildAsync(ValueIndex? previous)
    {
        using var build = Operations.Telemetry.StartIndexBuild();
        if (previous is not null && await store.ChangesSinceAsync(previous.Watermark, _counted) is { } changes)
        {
            if (changes.Definitions is not null) CollectEarlierIndexes();
            return build.Done(changes.Definitions is { } definitions
                ? previous.WithDefinitions(await directory.RefreshAsync(), ByCode(definitions.Indicators), definitions.Rules, changes.Values, changes.Targets, changes.Watermark)
                : previous.WithChanges(changes.Values, changes.Targets, changes.Watermark), incremental: true);
        }
        previous = null;
        CollectEarlierIndexes();
        // A builder per core, each fed a share of the units on a connection of its own.
        var builders = Enumerable.Range(0, LoadConnections).Select(_ => new ReportedValues.Builder()).ToList();
        // The units on a connection of their own beside the values (read again only when they changed or were dropped).
        var units = Task.Run(() => directory.RefreshAsync());
        var load = await store.LoadAsync(_counted, [.. builders.Select(b => (LoadedValue)b.Add)]);
        var reported = ReportedValues.Union(await Task.WhenAll(builders.Select(b => Task.Run(b.Build))));
        var index = new ValueIndex(await units, ByCode(load.Indicators), reported,
            load.Targets, options.Value.MinCoveragePct, load.Watermark, load.Rules);
        return build.Done(index, incremental: false);
    }

    /// <summary>
    /// Frees the indexes already replaced, with their results and pages, before a build that derives everything anew
    /// (a full load, or a change of the catalog, the units or the categories): otherwise the heap grows by a whole
    /// derivation before the collector's budget runs out, 40–60 MB of working set a catalog change at scale 1. Such
    /// builds are rare, so the full collection's cost (15–45 ms before a full load at scale 1) is paid seldom.
    /// </summary>
    private static void CollectEarlierIndexes() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private static Dictionary<string, Indicator> ByCode(IEnumerable<Indicator> indicators) => indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
}

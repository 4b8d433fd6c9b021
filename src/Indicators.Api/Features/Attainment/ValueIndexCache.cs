using Dapper;
using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Features.Indicators;

namespace Indicators.Api.Features.Attainment;

/// <summary>The <c>Attainment</c> configuration section.</summary>
public sealed class AttainmentOptions
{
    public const string Section = "Attainment";

    /// <summary>The share of parts (children or predecessors) that must have reported before a value is derived.</summary>
    public decimal MinCoveragePct { get; set; } = 100m;
}

/// <summary>
/// Keeps the <see cref="ValueIndex"/> of the current data version. Every write bumps the version, so a report read
/// right after a write is computed from an index that includes it (no batch job); reads between writes share one index.
/// </summary>
public sealed class ValueIndexCache(Database database, UnitDirectory directory, Microsoft.Extensions.Options.IOptions<AttainmentOptions> options)
{
    private readonly Lock _gate = new();
    private (long Version, Task<ValueIndex> Index)? _current;

    public async Task<(ValueIndex Index, long Version)> GetAsync(CancellationToken ct)
    {
        long version;
        await using (var connection = await database.OpenAsync(ct))
        {
            version = await ChangeLog.CurrentVersionAsync(connection, ct);
        }
        Task<ValueIndex> index;
        lock (_gate)
        {
            // One build per version: concurrent readers of the same version wait for the same index.
            if (_current is not { } current || current.Version != version || current.Index.IsFaulted || current.Index.IsCanceled)
            {
                _current = current = (version, BuildAsync());
            }
            index = current.Index;
        }
        return (await index.WaitAsync(ct), version);
    }

    /// <summary>Forgets the index; needed only when a database is replaced under the service (tests restore a snapshot).</summary>
    public void Invalidate()
    {
        lock (_gate) _current = null;
    }

    private async Task<ValueIndex> BuildAsync()
    {
        await using var connection = await database.OpenAsync();
        var indicators = (await IndicatorData.AllAsync(connection, CancellationToken.None)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var rows = await connection.QueryAsync<(string Indicator, string Unit, string Period, decimal Value, decimal? Numerator, decimal? Denominator)>(
            "SELECT indicator_code, unit_id, period, value, numerator, denominator FROM data_values");
        var reported = rows
            .GroupBy(r => (r.Indicator, r.Unit))
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<Period, PeriodValue>)g.ToDictionary(
                r => Period.Parse(r.Period), r => new PeriodValue(Period.Parse(r.Period), r.Value, r.Numerator, r.Denominator)));
        return new ValueIndex(await directory.GetAsync(), indicators, reported, options.Value.MinCoveragePct);
    }
}

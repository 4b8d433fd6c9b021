using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Indicators;

/// <summary>Each indicator's decimals, from the catalog in memory, for each spreadsheet.</summary>
public sealed class IndicatorDecimals(CatalogDirectory catalog) : IIndicatorDecimals
{
    public async Task<IReadOnlyDictionary<string, int>> GetAsync(CancellationToken ct) =>
        (await catalog.GetAsync(ct)).ToDictionary(i => i.Key, i => i.Value.Decimals, StringComparer.Ordinal);
}

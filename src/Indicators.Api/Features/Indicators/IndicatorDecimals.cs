using Indicators.Api.Storage;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Indicators;

/// <summary>Each indicator's decimals, read from the catalog for each spreadsheet.</summary>
public sealed class IndicatorDecimals(Database database) : IIndicatorDecimals
{
    public async Task<IReadOnlyDictionary<string, int>> GetAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await CatalogStore.AllAsync(connection, ct)).ToDictionary(i => i.Code, i => i.Decimals, StringComparer.Ordinal);
    }
}

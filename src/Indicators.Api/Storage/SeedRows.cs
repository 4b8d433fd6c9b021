using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;

namespace Indicators.Api.Storage;

/// <summary>
/// The seed row each seeded record was last loaded from (table <c>seed_rows</c>), read once per seed run and written
/// back with the rows that changed: what tells a seed file's change from an edit made through the API.
/// </summary>
public sealed class SeedRows
{
    public const string Indicator = "indicator";
    public const string Unit = "unit";
    public const string Target = "target";
    public const string IndicatorCombos = "indicatorCombos";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<(string Entity, string Key), string> _stored;
    private readonly Dictionary<(string Entity, string Key), string> _changed = [];

    private SeedRows(Dictionary<(string, string), string> stored) => _stored = stored;

    public static async Task<SeedRows> LoadAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Entity, string Key, string Json)>(new CommandDefinition(
            "SELECT entity, seed_key, row_json FROM seed_rows", transaction: transaction, cancellationToken: ct));
        return new SeedRows(rows.ToDictionary(r => (r.Entity, r.Key), r => r.Json));
    }

    public static string Json<T>(T row) => JsonSerializer.Serialize(row, Options);

    /// <summary>The row as last loaded; null when none was recorded.</summary>
    public T? Get<T>(string entity, string key) where T : class =>
        _stored.TryGetValue((entity, key), out var json) ? JsonSerializer.Deserialize<T>(json, Options) : null;

    public void Set<T>(string entity, string key, T row)
    {
        var json = Json(row);
        if (_stored.GetValueOrDefault((entity, key)) != json) _changed[(entity, key)] = json;
    }

    public async Task SaveAsync(WriteSession session, CancellationToken ct)
    {
        var (connection, transaction) = (session.Connection, session.Transaction);
        var rows = _changed.Select(c => new { entity = c.Key.Entity, key = c.Key.Key, json = c.Value }).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM seed_rows WHERE entity = @entity AND seed_key = @key", rows, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO seed_rows (entity, seed_key, row_json) VALUES (@entity, @key, @json)", rows, transaction, cancellationToken: ct));
        foreach (var (key, json) in _changed) _stored[key] = json;
        _changed.Clear();
    }
}

using System.Data.Common;
using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>The API keys (<c>api_keys</c>, <c>api_key_units</c>): listing, authentication, creation and revocation.</summary>
public sealed class KeyStore(Database database, KeyDirectory directory)
{
    private const string SelectKeys = "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id";
    private const string SelectKeyUnits = "SELECT key_id, unit_id FROM api_key_units ORDER BY unit_id";
    // The keys with their units in one read, for the directory; by prefix for a key the directory does not know yet.
    private const string SelectForAuthentication =
        """
        SELECT k.id, k.name, k.role, k.prefix, k.key_hash, k.created_at, k.revoked_at, u.unit_id
        FROM api_keys k LEFT JOIN api_key_units u ON u.key_id = k.id
        """;
    private const string AllForAuthentication = SelectForAuthentication + " ORDER BY k.id, u.unit_id";
    private const string ByPrefixForAuthentication = SelectForAuthentication + " WHERE k.prefix = @prefix ORDER BY u.unit_id";
    private const string InsertKeyColumns = "name, role, prefix, key_hash, created_at, created_by";
    private const string InsertKeyValues = "@name, @role, @prefix, @hash, @at, @actor";
    private const string InsertKeyUnit = "INSERT INTO api_key_units (key_id, unit_id) VALUES (@id, @unit)";
    private const string CountKeys = "SELECT COUNT(*) FROM api_keys";
    private const string SelectActive = "SELECT prefix, role FROM api_keys WHERE id = @id AND revoked_at IS NULL";
    private const string CountActiveOfRole = "SELECT COUNT(*) FROM api_keys WHERE role = @role AND revoked_at IS NULL";
    private const string Revoke = "UPDATE api_keys SET revoked_at = @at WHERE id = @id";

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var keys = await connection.QueryAsync<(long Id, string Name, string Role, string Prefix, string CreatedAt, string? RevokedAt)>(new CommandDefinition(SelectKeys, cancellationToken: ct));
        var units = (await connection.QueryAsync<(long KeyId, string UnitId)>(new CommandDefinition(SelectKeyUnits, cancellationToken: ct))).ToLookup(u => u.KeyId, u => u.UnitId);
        return keys.Select(k => new ApiKey(k.Id, k.Name, k.Role, k.Prefix, units[k.Id].ToList(), Clock.ParseStamp(k.CreatedAt)!.Value, Clock.ParseStamp(k.RevokedAt))).ToList();
    }

    /// <summary>
    /// The active key presented as <paramref name="key"/>, checked against its hash in constant time; null when none
    /// matches. Known keys come from memory; a prefix the directory does not know is looked up, so a key created through
    /// another instance works at once.
    /// </summary>
    public async Task<ApiKey?> AuthenticateAsync(string key, CancellationToken ct)
    {
        if (ApiKeys.PrefixOf(key) is not { } prefix) return null;
        if (!(await directory.GetAsync(ct)).TryGetValue(prefix, out var stored))
        {
            await using var connection = await database.OpenAsync(ct);
            if (ReadStoredKeys(await connection.QueryAsync<StoredKeyRow>(new CommandDefinition(ByPrefixForAuthentication, new { prefix }, cancellationToken: ct)))
                .GetValueOrDefault(prefix) is not { } found) return null;
            stored = found;
            directory.Invalidate();
        }
        return stored.Key.RevokedAt is null && ApiKeys.Matches(key, stored.Hash) ? stored.Key : null;
    }

    /// <summary>Every key with its hash and units, by prefix: what the directory holds.</summary>
    internal static async Task<IReadOnlyDictionary<string, StoredKey>> AllForAuthenticationAsync(DbConnection connection) =>
        ReadStoredKeys(await connection.QueryAsync<StoredKeyRow>(AllForAuthentication));

    private static Dictionary<string, StoredKey> ReadStoredKeys(IEnumerable<StoredKeyRow> rows) =>
        rows.GroupBy(r => r.Prefix, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var k = g.First();
            var units = g.Select(r => r.UnitId).OfType<string>().ToList();
            return new StoredKey(new ApiKey(k.Id, k.Name, k.Role, k.Prefix, units, Clock.ParseStamp(k.CreatedAt)!.Value, Clock.ParseStamp(k.RevokedAt)), k.KeyHash);
        }, StringComparer.Ordinal);

    private sealed record StoredKeyRow(long Id, string Name, string Role, string Prefix, string KeyHash, string CreatedAt, string? RevokedAt, string? UnitId);

    /// <returns>The new key's id.</returns>
    public Task<long> CreateAsync(string name, string role, string prefix, string hash, IReadOnlyList<string> units, string actor, CancellationToken ct) =>
        ChangingAsync(actor, async w =>
        {
            var id = await w.Connection.ExecuteScalarAsync<long>(new CommandDefinition(w.Provider.InsertReturningId("api_keys", InsertKeyColumns, InsertKeyValues),
                new { name, role, prefix, hash, at = w.At, actor }, w.Transaction, cancellationToken: ct));
            await w.Connection.ExecuteAsync(new CommandDefinition(InsertKeyUnit, units.Select(u => new { id, unit = u }), w.Transaction, cancellationToken: ct));
            await AuditStore.RecordAsync(w, new AuditEntry(AuditEntity.ApiKey, prefix, "created", NewData: new { name, role, units, prefix }), ct);
            return id;
        }, ct);

    /// <summary>Creates the first admin key when the database has no key at all; false when it has one.</summary>
    public Task<bool> CreateFirstAdminAsync(string name, string prefix, string hash, string actor, CancellationToken ct) =>
        ChangingAsync(actor, async w =>
        {
            if (await w.Connection.ExecuteScalarAsync<long>(new CommandDefinition(CountKeys, transaction: w.Transaction, cancellationToken: ct)) > 0) return false;
            await w.Connection.ExecuteAsync(new CommandDefinition(w.Provider.InsertReturningId("api_keys", InsertKeyColumns, InsertKeyValues),
                new { name, role = Roles.Admin, prefix, hash, at = w.At, actor }, w.Transaction, cancellationToken: ct));
            await AuditStore.RecordAsync(w, new AuditEntry(AuditEntity.ApiKey, prefix, "created", NewData: new { name, role = Roles.Admin, prefix }), ct);
            return true;
        }, ct);

    /// <summary>Revokes an active key; the last active admin key is kept, or nobody could manage keys again.</summary>
    public Task<KeyRevocation> RevokeAsync(long id, string actor, CancellationToken ct) =>
        ChangingAsync(actor, async w =>
        {
            var key = await w.Connection.QuerySingleOrDefaultAsync<(string Prefix, string Role)?>(new CommandDefinition(SelectActive, new { id }, w.Transaction, cancellationToken: ct));
            if (key is not { } found) return KeyRevocation.NotFound;
            if (found.Role == Roles.Admin
                && await w.Connection.ExecuteScalarAsync<long>(new CommandDefinition(CountActiveOfRole, new { role = Roles.Admin }, w.Transaction, cancellationToken: ct)) == 1)
            {
                return KeyRevocation.LastAdmin;
            }
            await w.Connection.ExecuteAsync(new CommandDefinition(Revoke, new { id, at = w.At }, w.Transaction, cancellationToken: ct));
            await AuditStore.RecordAsync(w, new AuditEntry(AuditEntity.ApiKey, found.Prefix, "revoked"), ct);
            return KeyRevocation.Revoked;
        }, ct);

    /// <summary>A write to the keys, after which this instance's directory reads them again (other instances within a second).</summary>
    private async Task<T> ChangingAsync<T>(string actor, Func<WriteSession, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await database.InTransactionAsync(actor, work, ct);
        }
        finally
        {
            directory.Invalidate();
        }
    }
}

/// <summary>A key as authentication needs it: the key and the hash it is checked against.</summary>
public sealed record StoredKey(ApiKey Key, string Hash);

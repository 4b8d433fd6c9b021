using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>The API keys (<c>api_keys</c>, <c>api_key_units</c>): listing, authentication, creation and revocation.</summary>
public sealed class KeyStore(Database database)
{
    private const string SelectKeys = "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id";
    private const string SelectKeyUnits = "SELECT key_id, unit_id FROM api_key_units ORDER BY unit_id";
    // The key and its units in one read: every authenticated request asks it.
    private const string SelectByPrefix =
        """
        SELECT k.id, k.name, k.role, k.key_hash, k.created_at, k.revoked_at, u.unit_id
        FROM api_keys k LEFT JOIN api_key_units u ON u.key_id = k.id
        WHERE k.prefix = @prefix ORDER BY u.unit_id
        """;
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

    /// <summary>The active key presented as <paramref name="key"/>, checked against its hash in constant time; null when none matches.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string key, CancellationToken ct)
    {
        if (ApiKeys.PrefixOf(key) is not { } prefix) return null;
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(long Id, string Name, string Role, string KeyHash, string CreatedAt, string? RevokedAt, string? UnitId)>(
            new CommandDefinition(SelectByPrefix, new { prefix }, cancellationToken: ct))).AsList();
        if (rows.Count == 0 || rows[0] is var found && (found.RevokedAt is not null || !ApiKeys.Matches(key, found.KeyHash))) return null;
        var units = rows.Select(r => r.UnitId).OfType<string>().ToList();
        return new ApiKey(found.Id, found.Name, found.Role, prefix, units, Clock.ParseStamp(found.CreatedAt)!.Value, null);
    }

    /// <returns>The new key's id.</returns>
    public Task<long> CreateAsync(string name, string role, string prefix, string hash, IReadOnlyList<string> units, string actor, CancellationToken ct) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(database.Provider.InsertReturningId("api_keys", InsertKeyColumns, InsertKeyValues),
                new { name, role, prefix, hash, at = Clock.Stamp(WriteTime.Of(t)), actor }, t, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(InsertKeyUnit, units.Select(u => new { id, unit = u }), t, cancellationToken: ct));
            await AuditStore.RecordAsync(c, t, actor, new AuditEntry(AuditEntity.ApiKey, prefix, "created", NewData: new { name, role, units, prefix }), ct);
            return id;
        }, ct);

    /// <summary>Creates the first admin key when the database has no key at all; false when it has one.</summary>
    public Task<bool> CreateFirstAdminAsync(string name, string prefix, string hash, string actor, CancellationToken ct) =>
        database.InTransactionAsync(async (c, t) =>
        {
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition(CountKeys, transaction: t, cancellationToken: ct)) > 0) return false;
            await c.ExecuteAsync(new CommandDefinition(database.Provider.InsertReturningId("api_keys", InsertKeyColumns, InsertKeyValues),
                new { name, role = Roles.Admin, prefix, hash, at = Clock.Stamp(WriteTime.Of(t)), actor }, t, cancellationToken: ct));
            await AuditStore.RecordAsync(c, t, actor, new AuditEntry(AuditEntity.ApiKey, prefix, "created", NewData: new { name, role = Roles.Admin, prefix }), ct);
            return true;
        }, ct);

    /// <summary>Revokes an active key; the last active admin key is kept, or nobody could manage keys again.</summary>
    public Task<KeyRevocation> RevokeAsync(long id, string actor, CancellationToken ct) =>
        database.InTransactionAsync(async (c, t) =>
        {
            var key = await c.QuerySingleOrDefaultAsync<(string Prefix, string Role)?>(new CommandDefinition(SelectActive, new { id }, t, cancellationToken: ct));
            if (key is not { } found) return KeyRevocation.NotFound;
            if (found.Role == Roles.Admin
                && await c.ExecuteScalarAsync<long>(new CommandDefinition(CountActiveOfRole, new { role = Roles.Admin }, t, cancellationToken: ct)) == 1)
            {
                return KeyRevocation.LastAdmin;
            }
            await c.ExecuteAsync(new CommandDefinition(Revoke, new { id, at = Clock.Stamp(WriteTime.Of(t)) }, t, cancellationToken: ct));
            await AuditStore.RecordAsync(c, t, actor, new AuditEntry(AuditEntity.ApiKey, found.Prefix, "revoked"), ct);
            return KeyRevocation.Revoked;
        }, ct);
}

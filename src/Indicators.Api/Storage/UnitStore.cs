using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>The units (<c>units</c>): the one query every reader of the unit graph uses, and the one audited write path.</summary>
public static class UnitStore
{
    public static async Task<IReadOnlyDictionary<string, UnitVersion>> AllAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Id, string Code, string NameVi, string Level, string? ParentId, string? ValidFrom, string? ValidTo, string? SuccessorId, string? Type, string? Note, string? FormedFromId)>(
            new CommandDefinition("SELECT id, code, name_vi, level, parent_id, valid_from, valid_to, successor_id, type, note, formed_from_id FROM units", transaction: transaction, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => new UnitVersion(r.Id, r.Code, r.NameVi, EnumText.Parse<UnitLevel>(r.Level), r.ParentId,
            Clock.ParseDate(r.ValidFrom), Clock.ParseDate(r.ValidTo), r.SuccessorId, r.Type, r.Note, r.FormedFromId), StringComparer.Ordinal);
    }

    /// <summary>Inserts or updates units, auditing each change; rows equal to what is stored write nothing.</summary>
    public static async Task<IReadOnlyList<Change>> SaveAsync(WriteSession session, IReadOnlyList<UnitVersion> units, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        var existing = await AllAsync(connection, transaction, ct);
        var changes = new List<Change>(units.Count);
        var inserts = new List<object>();
        var updates = new List<object>();
        var audit = new List<AuditEntry>();
        foreach (var unit in units)
        {
            var before = existing.GetValueOrDefault(unit.Id);
            if (before == unit) { changes.Add(Change.Unchanged); continue; }
            var row = new
            {
                id = unit.Id,
                code = unit.Code,
                nameVi = unit.NameVi,
                nameFolded = unit.NameFolded,
                level = EnumText.Of(unit.Level),
                type = unit.Type,
                parentId = unit.ParentId,
                validFrom = unit.ValidFrom is { } f ? Clock.Date(f) : null,
                validTo = unit.ValidTo is { } t ? Clock.Date(t) : null,
                successorId = unit.SuccessorId,
                note = unit.Note,
                formedFromId = unit.FormedFromId,
                at = session.At,
                actor,
            };
            (before is null ? inserts : updates).Add(row);
            var change = before is null ? Change.Created : Change.Updated;
            changes.Add(change);
            audit.Add(new AuditEntry(AuditEntity.Unit, unit.Id, EnumText.Of(change), before, unit));
        }
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO units (id, code, name_vi, name_folded, level, type, parent_id, valid_from, valid_to, successor_id, note, formed_from_id, updated_at, updated_by)
            VALUES (@id, @code, @nameVi, @nameFolded, @level, @type, @parentId, @validFrom, @validTo, @successorId, @note, @formedFromId, @at, @actor)
            """, inserts, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE units SET code = @code, name_vi = @nameVi, name_folded = @nameFolded, level = @level, type = @type, parent_id = @parentId,
                valid_from = @validFrom, valid_to = @validTo, successor_id = @successorId, note = @note, formed_from_id = @formedFromId,
                updated_at = @at, updated_by = @actor
            WHERE id = @id
            """, updates, transaction, cancellationToken: ct));
        await AuditStore.RecordAsync(session, audit, ct);
        return changes;
    }

    /// <summary>Who last wrote each unit, by id: tells the seeder's own rows from edits made through the API.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LastWritersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        (await connection.QueryAsync<(string Id, string UpdatedBy)>(new CommandDefinition("SELECT id, updated_by FROM units", transaction: transaction, cancellationToken: ct)))
            .ToDictionary(r => r.Id, r => r.UpdatedBy, StringComparer.Ordinal);
}

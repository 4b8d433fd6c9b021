using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>The public holidays (<c>holidays</c>) that reporting deadlines skip.</summary>
public static class HolidayStore
{
    private const string SelectAll = "SELECT date, name_vi FROM holidays";
    private const string Update = "UPDATE holidays SET name_vi = @NameVi WHERE date = @Date";
    private const string Insert = "INSERT INTO holidays (date, name_vi) VALUES (@Date, @NameVi)";

    /// <summary>Every holiday: its date (yyyy-MM-dd) and Vietnamese name.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> AllAsync(DbConnection connection, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<(string Date, string NameVi)>(new CommandDefinition(SelectAll, transaction: transaction, cancellationToken: ct)))
            .ToDictionary(h => h.Date, h => h.NameVi, StringComparer.Ordinal);

    /// <summary>Writes the holidays that are new or renamed, and audits each.</summary>
    /// <returns>How many changed.</returns>
    public static async Task<int> SaveAsync(WriteSession session, IEnumerable<(string Date, string NameVi)> holidays, CancellationToken ct)
    {
        var (connection, transaction) = (session.Connection, session.Transaction);
        var existing = await AllAsync(connection, ct, transaction);
        var changed = holidays.Where(h => !existing.TryGetValue(h.Date, out var name) || name != h.NameVi).ToList();
        foreach (var h in changed)
        {
            await connection.ExecuteAsync(new CommandDefinition(existing.ContainsKey(h.Date) ? Update : Insert, new { h.Date, h.NameVi }, transaction, cancellationToken: ct));
        }
        await AuditStore.RecordAsync(session,
            changed.Select(h => new AuditEntry(AuditEntity.Holiday, h.Date, existing.ContainsKey(h.Date) ? "updated" : "created", NewData: h)), ct);
        return changed.Count;
    }
}

using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;

namespace Indicators.Api.Storage;

/// <summary>The agencies (<c>agencies</c>, <c>agency_successors</c>): the graph every reader of tasks uses, and its one audited write path.</summary>
public static class AgencyStore
{
    private const string SelectAgencies = "SELECT code, name_vi AS nameVi, kind, valid_to AS validTo, basis, confidence, aliases, updated_by AS updatedBy FROM agencies";
    private const string SelectSuccessors = "SELECT agency_code AS agencyCode, successor_code AS successorCode FROM agency_successors ORDER BY agency_code, position";
    private const string Insert =
        "INSERT INTO agencies (code, name_vi, kind, valid_to, basis, confidence, aliases, updated_at, updated_by) VALUES (@code, @nameVi, @kind, @validTo, @basis, @confidence, @aliases, @at, @actor)";
    private const string Update =
        "UPDATE agencies SET name_vi = @nameVi, kind = @kind, valid_to = @validTo, basis = @basis, confidence = @confidence, aliases = @aliases, updated_at = @at, updated_by = @actor WHERE code = @code";
    private const string DeleteSuccessors = "DELETE FROM agency_successors WHERE agency_code = @code";
    private const string InsertSuccessor = "INSERT INTO agency_successors (agency_code, position, successor_code) VALUES (@code, @position, @successor)";

    /// <summary>The aliases of an agency are stored joined by this.</summary>
    private const string AliasSeparator = " | ";

    /// <summary>Every agency, by code, with its successors in order.</summary>
    public static async Task<IReadOnlyDictionary<string, Agency>> AllAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct) =>
        (await RowsAsync(connection, transaction, ct)).ToDictionary(r => r.Agency.Code, r => r.Agency, StringComparer.Ordinal);

    /// <summary>The last writer of every agency, by code: the seeder or an API key.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LastWritersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        (await RowsAsync(connection, transaction, ct)).ToDictionary(r => r.Agency.Code, r => r.UpdatedBy, StringComparer.Ordinal);

    /// <summary>Inserts or updates agencies, auditing each change; agencies equal to what is stored write nothing.</summary>
    /// <returns>How many changed.</returns>
    public static async Task<int> SaveAsync(WriteSession session, IReadOnlyList<Agency> agencies, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        var existing = await AllAsync(connection, transaction, ct);
        var changed = agencies.Where(a => !existing.TryGetValue(a.Code, out var before) || !before.Equals(a)).ToList();
        var at = session.At;
        // Every row first, then the successions: a successor may be among the new rows.
        foreach (var agency in changed)
        {
            await connection.ExecuteAsync(new CommandDefinition(existing.ContainsKey(agency.Code) ? Update : Insert, new
            {
                code = agency.Code, nameVi = agency.NameVi, kind = EnumText.Of(agency.Kind), validTo = agency.ValidTo is { } v ? Clock.Date(v) : null,
                basis = agency.Basis, confidence = EnumText.Of(agency.Confidence), aliases = agency.Aliases.Count == 0 ? null : string.Join(AliasSeparator, agency.Aliases),
                at, actor,
            }, transaction, cancellationToken: ct));
        }
        foreach (var agency in changed)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteSuccessors, new { code = agency.Code }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(InsertSuccessor,
                agency.Successors.Select((s, i) => new { code = agency.Code, position = i + 1, successor = s }).ToList(), transaction, cancellationToken: ct));
        }
        await AuditStore.RecordAsync(session, changed.Select(a =>
            new AuditEntry(AuditEntity.Agency, a.Code, existing.ContainsKey(a.Code) ? "updated" : "created", existing.GetValueOrDefault(a.Code), a)), ct);
        return changed.Count;
    }

    private static async Task<IReadOnlyList<(Agency Agency, string UpdatedBy)>> RowsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        var successors = (await connection.QueryAsync<SuccessorRow>(new CommandDefinition(SelectSuccessors, transaction: transaction, cancellationToken: ct)))
            .ToLookup(s => s.AgencyCode, s => s.SuccessorCode, StringComparer.Ordinal);
        return (await connection.QueryAsync<AgencyRow>(new CommandDefinition(SelectAgencies, transaction: transaction, cancellationToken: ct)))
            .Select(r => (new Agency(r.Code, r.NameVi, EnumText.Parse<AgencyKind>(r.Kind), Clock.ParseDate(r.ValidTo), successors[r.Code].ToList(), r.Basis,
                EnumText.Parse<Confidence>(r.Confidence), r.Aliases?.Split(AliasSeparator) ?? []), r.UpdatedBy))
            .ToList();
    }

    private sealed record AgencyRow(string Code, string NameVi, string Kind, string? ValidTo, string? Basis, string Confidence, string? Aliases, string UpdatedBy);

    private sealed record SuccessorRow(string AgencyCode, string SuccessorCode);
}

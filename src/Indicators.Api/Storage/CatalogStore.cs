using Indicators.Api.Storage.Providers;
using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>The catalog of indicators (<c>indicators</c>): its queries and its one audited write path.</summary>
public static class CatalogStore
{
    private const string Columns =
        "code, name_vi, name_en, unit, factor, direction, aggregation, frequency, decimals, min_value AS min, max_value AS max, group_code AS \"group\", " +
        "period_basis, numerator_vi, numerator_en, denominator_vi, denominator_en";

    public static async Task<IReadOnlyList<Indicator>> ListAsync(DbConnection connection, IDbProvider provider, string? group, string? after, int take, CancellationToken ct) =>
        (await connection.QueryAsync<Indicator>(new CommandDefinition(
            $"SELECT {Columns} FROM indicators WHERE (@group IS NULL OR group_code = @group) AND (@after IS NULL OR code > @after) ORDER BY code {provider.LimitClause}",
            new { group, after, take = take + 1 }, cancellationToken: ct))).ToList();

    public static Task<Indicator?> GetAsync(DbConnection connection, string code, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<Indicator>(new CommandDefinition(
            $"SELECT {Columns} FROM indicators WHERE code = @code", new { code }, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<Indicator>> AllAsync(DbConnection connection, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<Indicator>(new CommandDefinition($"SELECT {Columns} FROM indicators ORDER BY code", transaction: transaction, cancellationToken: ct))).ToList();

    /// <summary>Creates or updates an indicator and audits the change; an identical definition writes nothing.</summary>
    /// <returns>The kind of change: created, updated or unchanged.</returns>
    public static async Task<Change> SaveAsync(WriteSession session, Indicator indicator, CancellationToken ct)
    {
        var (connection, transaction, actor) = (session.Connection, session.Transaction, session.Actor);
        var existing = await GetAsync(connection, indicator.Code, ct, transaction);
        if (existing == indicator) return Change.Unchanged;
        var row = new
        {
            code = indicator.Code,
            nameVi = indicator.NameVi,
            nameEn = indicator.NameEn,
            unit = EnumText.Of(indicator.Unit),
            factor = indicator.Factor,
            direction = EnumText.Of(indicator.Direction),
            aggregation = EnumText.Of(indicator.Aggregation),
            frequency = EnumText.Of(indicator.Frequency),
            decimals = indicator.Decimals,
            min = indicator.Min,
            max = indicator.Max,
            group = indicator.Group,
            periodBasis = EnumText.Of(indicator.PeriodBasis),
            numeratorVi = indicator.NumeratorVi,
            numeratorEn = indicator.NumeratorEn,
            denominatorVi = indicator.DenominatorVi,
            denominatorEn = indicator.DenominatorEn,
            at = session.At,
            actor,
        };
        var sql = existing is null
            ? """
              INSERT INTO indicators (code, name_vi, name_en, unit, factor, direction, aggregation, frequency, decimals, min_value, max_value, group_code,
                  period_basis, numerator_vi, numerator_en, denominator_vi, denominator_en, updated_at, updated_by)
              VALUES (@code, @nameVi, @nameEn, @unit, @factor, @direction, @aggregation, @frequency, @decimals, @min, @max, @group,
                  @periodBasis, @numeratorVi, @numeratorEn, @denominatorVi, @denominatorEn, @at, @actor)
              """
            : """
              UPDATE indicators SET name_vi = @nameVi, name_en = @nameEn, unit = @unit, factor = @factor, direction = @direction,
                  aggregation = @aggregation, frequency = @frequency, decimals = @decimals, min_value = @min, max_value = @max,
                  group_code = @group, period_basis = @periodBasis, numerator_vi = @numeratorVi, numerator_en = @numeratorEn,
                  denominator_vi = @denominatorVi, denominator_en = @denominatorEn, updated_at = @at, updated_by = @actor
              WHERE code = @code
              """;
        await connection.ExecuteAsync(new CommandDefinition(sql, row, transaction, cancellationToken: ct));
        var change = existing is null ? Change.Created : Change.Updated;
        await AuditStore.RecordAsync(session,
            new AuditEntry(AuditEntity.Indicator, indicator.Code, EnumText.Of(change), existing, indicator), ct);
        return change;
    }

    /// <summary>Who last wrote each indicator, by code: tells the seeder's own rows from edits made through the API.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LastWritersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        (await connection.QueryAsync<(string Code, string UpdatedBy)>(new CommandDefinition("SELECT code, updated_by FROM indicators", transaction: transaction, cancellationToken: ct)))
            .ToDictionary(r => r.Code, r => r.UpdatedBy, StringComparer.Ordinal);
}

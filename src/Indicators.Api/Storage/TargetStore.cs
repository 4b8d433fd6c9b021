using Indicators.Api.Storage.Providers;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Indicators.Api.Domain;

namespace Indicators.Api.Storage;

/// <summary>The targets (<c>targets</c>, <c>target_revisions</c>): their queries and their one audited write path (create, revise, delete).</summary>
public static class TargetStore
{
    private const string Columns =
        "id, indicator_code AS indicator, unit_id AS unit, year, comparator, value, upper_value, kind, baseline_value, baseline_year, " +
        "reference_unit_id AS referenceUnit, source, quote, note, cascade_to, cascade_reason, version, disaggregation";

    /// <param name="disaggregation">One canonical disaggregation key (<c>""</c>: targets on totals); null for every one.</param>
    public static Task<List<Target>> ListAsync(DbConnection connection, IDbProvider provider,
        string? indicator, string? unit, int? year, long after, int take, CancellationToken ct, string? disaggregation = null) =>
        ReadAsync(connection, null,
            $"""
            SELECT {Columns} FROM targets
            WHERE deleted_at IS NULL AND id > @after
              AND (@indicator IS NULL OR indicator_code = @indicator)
              AND (@unit IS NULL OR unit_id = @unit)
              AND (@year IS NULL OR year = @year)
              AND (@disaggregation IS NULL OR disaggregation = @disaggregation)
            ORDER BY id {provider.LimitClause}
            """,
            new { indicator, unit, year, disaggregation, after, take = take + 1 }, (_, target) => target, ct);

    /// <summary>Every current target matching the filters, ordered by id: the input of the reports.</summary>
    public static Task<List<Target>> CurrentAsync(DbConnection connection, string? indicator, string? unit, int? year, CancellationToken ct) =>
        ReadAsync(connection, null,
            $"""
            SELECT {Columns} FROM targets
            WHERE deleted_at IS NULL
              AND (@indicator IS NULL OR indicator_code = @indicator)
              AND (@unit IS NULL OR unit_id = @unit)
              AND (@year IS NULL OR year = @year)
            ORDER BY id
            """,
            new { indicator, unit, year }, (_, target) => target, ct);

    /// <summary>The target, deleted or not, with its deletion time.</summary>
    public static async Task<(Target Target, string? DeletedAt)?> GetAsync(DbConnection connection, long id, CancellationToken ct, DbTransaction? transaction = null)
    {
        var rows = await ReadAsync(connection, transaction, $"SELECT {Columns}, deleted_at FROM targets WHERE id = @id", new { id },
            (row, target) => (target, row.TextOrNull(18)), ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<IReadOnlyList<TargetRevision>> HistoryAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<TargetRevision>(new CommandDefinition(
            """
            SELECT target_id AS id, version, change, indicator_code AS indicator, unit_id AS unit, year, comparator, value, upper_value, kind,
                   baseline_value, baseline_year, reference_unit_id AS referenceUnit, source, quote, note, cascade_to, cascade_reason, disaggregation, changed_at, changed_by
            FROM target_revisions WHERE target_id = @id ORDER BY version
            """, new { id }, cancellationToken: ct))).ToList();

    public static async Task<Target> CreateAsync(WriteSession session, TargetDefinition target, CancellationToken ct, string? seedKey = null)
    {
        var id = await session.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            session.Provider.InsertReturningId("targets",
                "indicator_code, unit_id, year, comparator, value, upper_value, kind, baseline_value, baseline_year, reference_unit_id, source, quote, note, cascade_to, cascade_reason, disaggregation, version, seed_key, created_at, updated_at, updated_by",
                "@indicator, @unit, @year, @comparator, @value, @upperValue, @kind, @baselineValue, @baselineYear, @referenceUnit, @source, @quote, @note, @cascadeTo, @cascadeReason, @disaggregation, 1, @seedKey, @at, @at, @actor"),
            Parameters(target, new { seedKey, at = session.At, actor = session.Actor }), session.Transaction, cancellationToken: ct));
        var created = Response(id, 1, target);
        await RecordRevisionAsync(session, created, "created", null, ct);
        return created;
    }

    /// <summary>Writes a new revision when the definition differs; returns null when <paramref name="expectedVersion"/> is stale.</summary>
    public static async Task<(Target Target, Change Change)?> ReviseAsync(WriteSession session,
        Target current, TargetDefinition target, CancellationToken ct, int? expectedVersion = null)
    {
        if (Definition(current) == target) return (current, Change.Unchanged);
        var version = current.Version + 1;
        var rows = await session.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE targets SET indicator_code = @indicator, unit_id = @unit, year = @year, comparator = @comparator, value = @value,
                upper_value = @upperValue, kind = @kind, baseline_value = @baselineValue, baseline_year = @baselineYear,
                reference_unit_id = @referenceUnit, source = @source, quote = @quote, note = @note,
                cascade_to = @cascadeTo, cascade_reason = @cascadeReason, disaggregation = @disaggregation, version = @version, updated_at = @at, updated_by = @actor
            WHERE id = @id AND version = @expected AND deleted_at IS NULL
            """,
            Parameters(target, new { id = current.Id, version, expected = expectedVersion ?? current.Version, at = session.At, actor = session.Actor }), session.Transaction, cancellationToken: ct));
        if (rows == 0) return null;
        var revised = Response(current.Id, version, target);
        await RecordRevisionAsync(session, revised, "updated", current, ct);
        return (revised, Change.Updated);
    }

    /// <summary>Soft delete: the row stays, marked deleted, and the history gets a "deleted" revision.</summary>
    public static async Task<bool> DeleteAsync(WriteSession session, Target current, CancellationToken ct, int? expectedVersion = null)
    {
        var version = current.Version + 1;
        var rows = await session.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE targets SET deleted_at = @at, version = @version, updated_at = @at, updated_by = @actor WHERE id = @id AND version = @expected AND deleted_at IS NULL",
            new { id = current.Id, version, expected = expectedVersion ?? current.Version, at = session.At, actor = session.Actor }, session.Transaction, cancellationToken: ct));
        if (rows == 0) return false;
        await RecordRevisionAsync(session, current with { Version = version }, "deleted", current, ct);
        return true;
    }

    /// <summary>The target loaded from a seed row, deleted or not, with its deletion time and its last writer.</summary>
    public static async Task<(Target Target, string? DeletedAt, string UpdatedBy)?> FindBySeedKeyAsync(DbConnection connection, DbTransaction transaction,
        string seedKey, CancellationToken ct)
    {
        var rows = await ReadAsync(connection, transaction, $"SELECT {Columns}, deleted_at, updated_by FROM targets WHERE seed_key = @seedKey",
            new { seedKey }, (row, target) => (target, row.TextOrNull(18), row.Text(19)), ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public static TargetDefinition Definition(Target t) =>
        new(t.Indicator, t.Unit, t.Year, t.Comparator, t.Value, t.UpperValue, t.Kind, t.BaselineValue, t.BaselineYear, t.ReferenceUnit, t.Source, t.Quote, t.Note,
            t.CascadeTo, t.CascadeReason, t.Disaggregation);

    private static Target Response(long id, int version, TargetDefinition t) => new()
    {
        Id = id, Indicator = t.Indicator, Unit = t.Unit, Year = t.Year, Comparator = t.Comparator, Value = t.Value, UpperValue = t.UpperValue,
        Kind = t.Kind, BaselineValue = t.BaselineValue, BaselineYear = t.BaselineYear, ReferenceUnit = t.ReferenceUnit, Source = t.Source,
        Quote = t.Quote, Note = t.Note, CascadeTo = t.CascadeTo, CascadeReason = t.CascadeReason, Version = version,
        Disaggregation = t.Disaggregation,
    };

    private static DynamicParameters Parameters(TargetDefinition t, object extra)
    {
        var p = new DynamicParameters(new
        {
            indicator = t.Indicator, unit = t.Unit, year = t.Year, comparator = EnumText.Of(t.Comparator), value = t.Value,
            upperValue = t.UpperValue, kind = EnumText.Of(t.Kind), baselineValue = t.BaselineValue, baselineYear = t.BaselineYear,
            referenceUnit = t.ReferenceUnit, source = t.Source, quote = t.Quote, note = t.Note,
            cascadeTo = EnumText.Of(t.CascadeTo), cascadeReason = t.CascadeReason, disaggregation = t.Disaggregation,
        });
        p.AddDynamicParams(extra);
        return p;
    }

    private static async Task RecordRevisionAsync(WriteSession session, Target target, string change, Target? before, CancellationToken ct)
    {
        var p = Parameters(Definition(target), new { id = target.Id, version = target.Version, change, at = session.At, actor = session.Actor });
        await session.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO target_revisions (target_id, version, change, indicator_code, unit_id, year, comparator, value, upper_value, kind,
                baseline_value, baseline_year, reference_unit_id, source, quote, note, cascade_to, cascade_reason, disaggregation, changed_at, changed_by)
            VALUES (@id, @version, @change, @indicator, @unit, @year, @comparator, @value, @upperValue, @kind,
                @baselineValue, @baselineYear, @referenceUnit, @source, @quote, @note, @cascadeTo, @cascadeReason, @disaggregation, @at, @actor)
            """, p, session.Transaction, cancellationToken: ct));
        await AuditStore.RecordAsync(session,
            new AuditEntry(AuditEntity.Target, target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), change, before, target,
                IndicatorCode: target.Indicator, UnitId: target.Unit), ct);
    }

    /// <summary>
    /// Reads rows of <see cref="Columns"/> (and any columns after them, which <paramref name="map"/> reads) by hand, a
    /// list of them many times quicker than the mapper would; their texts are shared, as a plan's targets repeat the same
    /// codes and the same document on every row.
    /// </summary>
    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, object parameters,
        Func<RowReader, Target, T> map, CancellationToken ct)
    {
        var targets = new List<T>();
        await ProviderOf.Connection(connection).ReadRowsAsync(connection, transaction, sql, parameters, row => targets.Add(map(row, new Target
        {
            Id = row.WholeNumber(0), Indicator = row.Text(1), Unit = row.Text(2), Year = (int)row.WholeNumber(3),
            Comparator = EnumText.Parse<Comparator>(row.Text(4)), Value = row.Number(5)!.Value, UpperValue = row.Number(6),
            Kind = EnumText.Parse<TargetKind>(row.Text(7)), BaselineValue = row.Number(8), BaselineYear = (int?)row.WholeNumberOrNull(9),
            ReferenceUnit = row.TextOrNull(10), Source = row.Text(11), Quote = row.TextOrNull(12), Note = row.TextOrNull(13),
            CascadeTo = EnumText.Parse<CascadeTo>(row.Text(14)), CascadeReason = row.TextOrNull(15), Version = (int)row.WholeNumber(16),
            Disaggregation = row.Text(17),
        })), ct);
        return targets;
    }
}

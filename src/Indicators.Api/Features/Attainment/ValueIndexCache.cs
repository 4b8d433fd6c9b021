using System.Data.Common;
using System.Globalization;
using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Features.Attainment;

/// <summary>The <c>Attainment</c> configuration section.</summary>
public sealed class AttainmentOptions
{
    public const string Section = "Attainment";

    /// <summary>The share of parts (children or predecessors) that must have reported before a value is derived.</summary>
    public decimal MinCoveragePct { get; set; } = 100m;
}

/// <summary>
/// Keeps the <see cref="ValueIndex"/> of the current data version. Every write bumps the version, so a report read
/// right after a write is computed from an index that includes it (no batch job); reads between writes share one index.
/// <para>
/// On SQLite, where writers are serialised so audit entries commit in id order, the index of a new version is made
/// from the previous one and the audit entries after its watermark: only the values those entries name are read
/// again. A change of the catalog or of the units, or a very large change, reads everything again, as does SQL
/// Server (whose concurrent writers may commit audit ids out of order).
/// </para>
/// </summary>
/// <para>
/// Only values whose submission has a status reports count (<see cref="ReportOptions.MinimumStatus"/>) are in the index,
/// so a status change of a submission is a change of its values.
/// </para>
public sealed class ValueIndexCache(Database database, UnitDirectory directory, Microsoft.Extensions.Options.IOptions<AttainmentOptions> options,
    Microsoft.Extensions.Options.IOptions<ReportOptions> reports)
{
    /// <summary>Beyond this many changed values a full load is as quick as applying them.</summary>
    private const int MaxChanges = 100_000;

    /// <summary>Audit entities that change no value, target, indicator or unit.</summary>
    private static readonly HashSet<string> Harmless = new(StringComparer.Ordinal) { "apiKey", "holiday" };

    private readonly HashSet<string> _counted = reports.Value.CountedStatuses.ToHashSet(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private (long Version, Task<ValueIndex> Index)? _current;

    public async Task<(ValueIndex Index, long Version)> GetAsync(CancellationToken ct)
    {
        long version;
        await using (var connection = await database.OpenAsync(ct))
        {
            version = await ChangeLog.CurrentVersionAsync(connection, ct);
        }
        Task<ValueIndex> index;
        lock (_gate)
        {
            // One build per version: concurrent readers of the same version wait for the same index.
            if (_current is not { } current || current.Version != version || current.Index.IsFaulted || current.Index.IsCanceled)
            {
                var previous = _current is { Index.IsCompletedSuccessfully: true } done ? done.Index.Result : null;
                _current = current = (version, BuildAsync(previous));
                Operations.Telemetry.IndexLookup(hit: false);
            }
            else Operations.Telemetry.IndexLookup(hit: true);
            index = current.Index;
        }
        return (await index.WaitAsync(ct), version);
    }

    /// <summary>Forgets the index; needed only when a database is replaced under the service (tests restore a snapshot).</summary>
    public void Invalidate()
    {
        lock (_gate) _current = null;
    }

    private async Task<ValueIndex> BuildAsync(ValueIndex? previous)
    {
        using var build = Operations.Telemetry.StartIndexBuild();
        await using var connection = await database.OpenAsync();
        if (previous is not null && connection is SqliteConnection sqlite && await ApplyChangesAsync(sqlite, previous) is { } next) return build.Done(next, incremental: true);
        return build.Done(await LoadAsync(connection), incremental: false);
    }

    /// <summary>Everything, read in one snapshot.</summary>
    private async Task<ValueIndex> LoadAsync(DbConnection connection)
    {
        var indicators = (await CatalogStore.AllAsync(connection, CancellationToken.None)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var periods = new Dictionary<string, Period>(StringComparer.Ordinal);
        var reported = new Dictionary<(string, string), UnitValue[]>();
        long watermark;
        await using (var transaction = await ReadTransactionAsync(connection))
        {
            watermark = await WatermarkAsync(connection, transaction);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                """
                SELECT v.indicator_code, v.unit_id, v.period, v.value, v.numerator, v.denominator, s.status
                FROM data_values v JOIN submissions s ON s.id = v.submission_id
                """;
            await using var reader = await command.ExecuteReaderAsync();
            var runs = new Dictionary<(string, string), List<UnitValue>>();
            while (await reader.ReadAsync())
            {
                if (!_counted.Contains(reader.GetString(6))) continue;
                var key = (reader.GetString(0), reader.GetString(1));
                if (!runs.TryGetValue(key, out var run)) runs[key] = run = new List<UnitValue>(8);
                run.Add(ValueIndex.Reported(ReadValue(reader, 2, periods)));
            }
            foreach (var (key, run) in runs)
            {
                run.Sort((a, b) => a.Period.CompareTo(b.Period));
                reported[key] = [.. run];
            }
        }
        IReadOnlyList<Target> targets = await TargetStore.CurrentAsync(connection, null, null, null, CancellationToken.None);
        return new ValueIndex(await directory.GetAsync(), indicators, reported, targets, options.Value.MinCoveragePct, watermark);
    }

    /// <summary>The previous index with the changes audited after its watermark; null when only a full load will do.</summary>
    private async Task<ValueIndex?> ApplyChangesAsync(SqliteConnection connection, ValueIndex previous)
    {
        var periods = new Dictionary<string, Period>(StringComparer.Ordinal);
        var changes = new List<(string, string, Period, PeriodValue?)>();
        long watermark;
        bool targetsChanged;
        await using (var transaction = connection.BeginTransaction(deferred: true))
        {
            watermark = await WatermarkAsync(connection, transaction);
            if (watermark == previous.Watermark) return previous.WithChanges([], null, watermark);
            var entities = (await connection.QueryAsync<(string Entity, long Count)>(new CommandDefinition(
                """
                SELECT CASE WHEN entity = 'value' AND (indicator_code IS NULL OR unit_id IS NULL OR period IS NULL) THEN '?' ELSE entity END, COUNT(*)
                FROM audit_log WHERE id > @from AND id <= @to GROUP BY 1
                """,
                new { from = previous.Watermark, to = watermark }, transaction))).ToList();
            var unknown = entities.Where(e => e.Entity is not ("value" or "target" or "submission") && !Harmless.Contains(e.Entity));
            if (unknown.Any() || entities.Where(e => e.Entity == "value").Sum(e => e.Count) > MaxChanges) return null;
            targetsChanged = entities.Any(e => e.Entity == "target");

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // The values audited, and every value of a submission whose status changed (it may now count, or no longer).
            // The unary + keeps SQLite on the id range: with ix_audit_entity it would walk every value entry ever audited.
            command.CommandText =
                """
                SELECT k.indicator_code, k.unit_id, k.period, v.value, v.numerator, v.denominator, s.status
                FROM (SELECT indicator_code, unit_id, period FROM audit_log WHERE id > $from AND id <= $to AND +entity = 'value'
                      UNION
                      SELECT sv.indicator_code, sv.unit_id, sv.period FROM audit_log a
                      JOIN data_values sv ON sv.unit_id = a.unit_id AND sv.period = a.period
                      WHERE a.id > $from AND a.id <= $to AND +a.entity = 'submission') k
                LEFT JOIN data_values v ON v.indicator_code = k.indicator_code AND v.unit_id = k.unit_id AND v.period = k.period
                LEFT JOIN submissions s ON s.id = v.submission_id
                """;
            command.Parameters.AddWithValue("$from", previous.Watermark);
            command.Parameters.AddWithValue("$to", watermark);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var period = PeriodOf(reader.GetString(2), periods);
                var counted = !reader.IsDBNull(3) && _counted.Contains(reader.GetString(6));
                changes.Add((reader.GetString(0), reader.GetString(1), period, counted ? ReadValue(reader, 2, periods) : null));
            }
        }
        var targets = targetsChanged ? await TargetStore.CurrentAsync(connection, null, null, null, CancellationToken.None) : null;
        return previous.WithChanges(changes, targets, watermark);
    }

    /// <summary>A read snapshot where the database has one (SQLite: a deferred transaction, which takes no write lock).</summary>
    private static async Task<DbTransaction?> ReadTransactionAsync(DbConnection connection) =>
        connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : await Task.FromResult<DbTransaction?>(null);

    /// <summary>The last audit id.</summary>
    private static async Task<long> WatermarkAsync(DbConnection connection, DbTransaction? transaction) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(id) FROM audit_log", transaction: transaction)) ?? 0;

    /// <summary>Reads period, value, numerator and denominator from column <paramref name="first"/> on, as Dapper's decimal handling would.</summary>
    private static PeriodValue ReadValue(DbDataReader reader, int first, Dictionary<string, Period> periods) =>
        new(PeriodOf(reader.GetString(first), periods), Decimal(reader, first + 1)!.Value, Decimal(reader, first + 2), Decimal(reader, first + 3));

    private static decimal? Decimal(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null
        : reader.GetFieldType(ordinal) == typeof(double) ? (decimal)reader.GetDouble(ordinal) // what Convert.ToDecimal does, without boxing
        : Convert.ToDecimal(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static Period PeriodOf(string id, Dictionary<string, Period> periods)
    {
        if (!periods.TryGetValue(id, out var period)) periods[id] = period = Period.Parse(id);
        return period;
    }
}

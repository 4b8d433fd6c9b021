using System.Data.Common;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Storage.Providers;

namespace Indicators.Api.Storage;

/// <summary>What the attainment index holds besides the values, read with them: the catalog, the targets and the categories.</summary>
public sealed record IndexLoad(long Watermark, IReadOnlyList<Indicator> Indicators, IReadOnlyList<Target> Targets, DisaggregationRules Rules);

/// <summary>
/// The changes audited after a watermark: each value named, as it now counts (null: gone, or no longer counted); the
/// targets when they changed; the definitions when the catalog, the units or the categories changed.
/// </summary>
public sealed record IndexChanges(long Watermark, IReadOnlyList<(string Indicator, string Unit, string Disaggregation, Period Period, PeriodValue? Value)> Values,
    IReadOnlyList<Target>? Targets, IndexDefinitions? Definitions = null);

/// <summary>
/// Takes one counted value of a full load: its series (indicator, unit, disaggregation), period and figures, as they
/// are read, with no object made for the value (a load reads hundreds of thousands).
/// </summary>
public delegate void LoadedValue(string indicator, string unit, string disaggregation, Period period, decimal value, decimal? numerator, decimal? denominator);

/// <summary>The catalog and the categories as of a watermark; the units are the unit directory's.</summary>
public sealed record IndexDefinitions(IReadOnlyList<Indicator> Indicators, DisaggregationRules Rules);

/// <summary>
/// The reads of the attainment index: a full load, or the changes since a watermark (the last audit id). Every provider
/// serialises its writers (<see cref="IDbProvider.SerialiseWriters"/>), so audit ids commit in order and no change is skipped.
/// </summary>
public sealed class ValueIndexStore(Database database)
{
    /// <summary>Beyond this many changed values a full load is as quick as applying them.</summary>
    private const int MaxChanges = 100_000;

    private const string SelectWatermark = "SELECT MAX(id) FROM audit_log";

    // Each value's submission is looked up among the counted ones as the rows are read, rather than by the engine in
    // a subquery's list, which on SQLite cost more than reading the row's columns. A share of the units (from @from up
    // to @to, either open) is read per connection: every share is a scan of the table, so its units are tested first.
    private static string SelectValues(IDbProvider provider) =>
        $"""
        SELECT indicator_code, unit_id, period, value, numerator, denominator, disaggregation, submission_id FROM data_values
        WHERE (@from IS NULL OR {provider.Unindexed("unit_id")} >= @from) AND (@to IS NULL OR {provider.Unindexed("unit_id")} < @to)
        """;

    private static string SelectCountedSubmissions(IDbProvider provider) => $"SELECT id FROM submissions WHERE {provider.In("status", "@statuses")}";

    private const string SelectUnitIds = "SELECT id FROM units ORDER BY id";

    /// <summary>Attempts at opening every share's snapshot at one data version before the values are read on one connection.</summary>
    private const int SnapshotAttempts = 5;

    // A value batch counts as the changes it stands for (first_id..id).
    private const string CountChangedEntities =
        """
        SELECT CASE WHEN entity = 'value' AND (indicator_code IS NULL OR unit_id IS NULL OR period IS NULL) THEN '?' ELSE entity END,
            CAST(SUM(CASE WHEN first_id IS NULL THEN 1 ELSE id - first_id + 1 END) AS BIGINT)
        FROM audit_log WHERE id > @from AND id <= @to GROUP BY 1
        """;

    // The values audited, every value of a submission whose status changed (it may now count, or no longer), and the
    // values of the submissions a value batch wrote (marked: only those the batch names changed; a batch creates or
    // updates, never deletes, so they are all still there).
    // The entity columns are kept off the planner: with ix_audit_entity an engine would walk every value entry ever audited.
    // A value's submission is the one of its unit and period, so the values of a changed submission are found through
    // its unique key and the index on submission_id; a plan that does not rest on statistics, which PostgreSQL lacks
    // for a table until it is analyzed after a bulk load (the join on unit and period then scanned every value).
    private static string SelectChangedValues(IDbProvider provider) =>
        $"""
        SELECT k.indicator_code, k.unit_id, k.period, v.value, v.numerator, v.denominator, s.status, k.disaggregation, k.batched
        FROM (SELECT indicator_code, unit_id, period, COALESCE(disaggregation, '') AS disaggregation, 0 AS batched FROM audit_log
              WHERE id > @from AND id <= @to AND {provider.Unindexed("entity")} = 'value'
              UNION
              SELECT sv.indicator_code, sv.unit_id, sv.period, sv.disaggregation, CASE WHEN a.entity = 'valueBatch' THEN 1 ELSE 0 END FROM audit_log a
              JOIN submissions vs ON vs.unit_id = a.unit_id AND vs.period = a.period
              JOIN data_values sv ON sv.submission_id = vs.id
              WHERE a.id > @from AND a.id <= @to AND {provider.Unindexed("a.entity")} IN ('submission', 'valueBatch')) k
        LEFT JOIN data_values v ON v.indicator_code = k.indicator_code AND v.unit_id = k.unit_id AND v.period = k.period AND v.disaggregation = k.disaggregation
        LEFT JOIN submissions s ON s.id = v.submission_id
        """;

    private static string SelectValueBatches(IDbProvider provider) =>
        $"SELECT unit_id, period, changes FROM audit_log WHERE id > @from AND id <= @to AND {provider.Unindexed("entity")} = 'valueBatch'";

    /// <summary>
    /// Audit entities that change no value, target, indicator or unit: attainment rows read explanations apart, and the
    /// task register and its agencies are read by their own endpoints.
    /// </summary>
    private static readonly AuditEntity[] Harmless = [AuditEntity.ApiKey, AuditEntity.Holiday, AuditEntity.Explanation, AuditEntity.Task, AuditEntity.Agency];

    /// <summary>
    /// Audit entities that change what the values mean but not which values are stored: the catalog, the units and the
    /// categories (none of them is ever deleted, and none of their writes touches a value).
    /// </summary>
    private static readonly AuditEntity[] Definitions = [AuditEntity.Indicator, AuditEntity.Unit, AuditEntity.Category];

    /// <summary>The data version: every write bumps it, so an index is current while it matches. Read once per read request (<see cref="DataVersionSnapshot"/>).</summary>
    public async Task<long> DataVersionAsync(CancellationToken ct)
    {
        if (DataVersionSnapshot.Taken is { } taken) return taken;
        await using var connection = await database.OpenAsync(ct);
        var version = await AuditStore.CurrentVersionAsync(connection, ct);
        DataVersionSnapshot.Take(version);
        return version;
    }

    /// <param name="counted">The submission statuses whose values count.</param>
    /// <param name="adders">
    /// One per connection reading the values at once: each takes the counted values of its own share of the units, in
    /// no particular order, on one thread at a time.
    /// </param>
    public async Task<IndexLoad> LoadAsync(IReadOnlySet<string> counted, IReadOnlyList<LoadedValue> adders)
    {
        await using var connection = await database.OpenAsync();
        var indicators = await CatalogStore.AllAsync(connection, CancellationToken.None);
        var bounds = Bounds((await connection.QueryAsync<string>(SelectUnitIds)).ToList(), adders.Count);
        var (watermark, shares) = await OpenSharesAsync(bounds);
        try
        {
            // The targets on a connection of their own, beside the values; read after the watermark, as the next
            // index reads the target changes after it.
            var targets = Task.Run(CurrentTargetsAsync);
            // Every share's snapshot is of one data version, so the first's submissions are every share's.
            var submissions = (await shares[0].Connection.QueryAsync<long>(new CommandDefinition(SelectCountedSubmissions(database.Provider),
                new { statuses = counted.ToList() }, shares[0].Transaction))).ToHashSet();
            await Task.WhenAll(shares.Select((share, i) => Task.Run(async () =>
            {
                var periods = new Dictionary<string, Period>(StringComparer.Ordinal);
                var add = adders[i];
                await database.Provider.ReadRowsAsync(share.Connection, share.Transaction, SelectValues(database.Provider),
                    new { from = share.From, to = share.To },
                    row =>
                    {
                        if (submissions.Contains(row.WholeNumber(7)))
                            add(row.Text(0), row.Text(1), row.Text(6), PeriodOf(row.Text(2), periods), row.Number(3)!.Value, row.Number(4), row.Number(5));
                    },
                    CancellationToken.None);
            })));
            return new IndexLoad(watermark, indicators, await targets, await CategoryStore.RulesAsync(connection, null, CancellationToken.None));
        }
        finally
        {
            foreach (var share in shares) await share.DisposeAsync();
        }
    }

    /// <summary>
    /// The units (in the database's order) split into at most <paramref name="count"/> ranges of about as many units
    /// each, the first and the last open; fewer when there are fewer units.
    /// </summary>
    private static (string? From, string? To)[] Bounds(IReadOnlyList<string> units, int count)
    {
        count = Math.Clamp(count, 1, Math.Max(units.Count, 1));
        var cuts = Enumerable.Range(1, count - 1).Select(i => units[units.Count * i / count]).ToList();
        return [.. Enumerable.Range(0, cuts.Count + 1).Select(i => (i == 0 ? null : cuts[i - 1], i == cuts.Count ? null : cuts[i]))];
    }

    /// <summary>
    /// A connection with its snapshot per share of the units, all at one data version (each share is read in a
    /// snapshot of its own, so they must agree); when writes keep moving it, one connection reads every unit.
    /// </summary>
    private async Task<(long Watermark, List<Share> Shares)> OpenSharesAsync((string? From, string? To)[] bounds)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > SnapshotAttempts) bounds = [(null, null)];
            var (shares, watermarks) = (new List<Share>(), new List<long>());
            try
            {
                foreach (var (from, to) in bounds)
                {
                    var connection = await database.OpenAsync();
                    var share = new Share(connection, await database.Provider.BeginSnapshotAsync(connection, CancellationToken.None), from, to);
                    shares.Add(share);
                    watermarks.Add(await WatermarkAsync(connection, share.Transaction));
                }
            }
            catch
            {
                foreach (var share in shares) await share.DisposeAsync();
                throw;
            }
            if (watermarks.Distinct().Count() == 1) return (watermarks[0], shares);
            foreach (var share in shares) await share.DisposeAsync();
        }
    }

    private sealed record Share(DbConnection Connection, DbTransaction? Transaction, string? From, string? To) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Transaction is not null) await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    /// <summary>The changes after <paramref name="watermark"/>; null when only a full load will do.</summary>
    public async Task<IndexChanges?> ChangesSinceAsync(long watermark, IReadOnlySet<string> counted)
    {
        await using var connection = await database.OpenAsync();
        var periods = new Dictionary<string, Period>(StringComparer.Ordinal);
        var changes = new List<(string, string, string, Period, PeriodValue?)>();
        long last;
        bool targetsChanged;
        IndexDefinitions? definitions = null;
        await using (var transaction = await database.Provider.BeginSnapshotAsync(connection, CancellationToken.None))
        {
            last = await WatermarkAsync(connection, transaction);
            if (last == watermark) return new IndexChanges(last, [], null);
            var entities = (await connection.QueryAsync<(string Entity, long Count)>(new CommandDefinition(CountChangedEntities,
                new { from = watermark, to = last }, transaction))).ToList();
            var kinds = entities.Select(e => (Entity: EnumText.TryParse<AuditEntity>(e.Entity, out var entity) ? entity : (AuditEntity?)null, e.Count)).ToList();
            var unknown = kinds.Where(e => e.Entity is not (AuditEntity.Value or AuditEntity.ValueBatch or AuditEntity.Target or AuditEntity.Submission)
                && !(e.Entity is { } known && (Harmless.Contains(known) || Definitions.Contains(known))));
            if (unknown.Any() || kinds.Where(e => e.Entity is AuditEntity.Value or AuditEntity.ValueBatch).Sum(e => e.Count) > MaxChanges) return null;
            targetsChanged = kinds.Any(e => e.Entity == AuditEntity.Target);
            if (kinds.Any(e => e.Entity is { } entity && Definitions.Contains(entity)))
            {
                definitions = new IndexDefinitions(await CatalogStore.AllAsync(connection, CancellationToken.None, transaction),
                    await CategoryStore.RulesAsync(connection, transaction, CancellationToken.None));
            }

            // What the value batches changed: (indicator, unit, period, disaggregation).
            var batched = new HashSet<(string, string, string, string)>();
            if (kinds.Any(e => e.Entity == AuditEntity.ValueBatch))
            {
                await database.Provider.ReadRowsAsync(connection, transaction, SelectValueBatches(database.Provider), new { from = watermark, to = last }, row =>
                {
                    var (unit, period) = (row.Text(0), row.Text(1));
                    foreach (var change in ValueChanges.Decode(row.Text(2))) batched.Add((change.Indicator, unit, period, change.Disaggregation));
                }, CancellationToken.None);
            }
            var seen = new HashSet<(string, string, string, string)>();
            await database.Provider.ReadRowsAsync(connection, transaction, SelectChangedValues(database.Provider), new { from = watermark, to = last }, row =>
            {
                var key = (row.Text(0), row.Text(1), row.Text(2), row.Text(7));
                if (row.WholeNumber(8) == 1 && !batched.Contains(key) || !seen.Add(key)) return;
                var counts = !row.IsNull(3) && counted.Contains(row.Text(6));
                changes.Add((key.Item1, key.Item2, key.Item4, PeriodOf(key.Item3, periods), counts ? ReadValue(row, 2, periods) : null));
            }, CancellationToken.None);
        }
        var targets = targetsChanged ? await CurrentTargetsAsync() : null;
        return new IndexChanges(last, changes, targets, definitions);
    }

    private async Task<IReadOnlyList<Target>> CurrentTargetsAsync()
    {
        await using var connection = await database.OpenAsync();
        return await TargetStore.CurrentAsync(connection, null, null, null, CancellationToken.None);
    }

    private static async Task<long> WatermarkAsync(DbConnection connection, DbTransaction? transaction) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SelectWatermark, transaction: transaction)) ?? 0;

    /// <summary>Reads period, value, numerator and denominator from column <paramref name="first"/> on.</summary>
    private static PeriodValue ReadValue(RowReader row, int first, Dictionary<string, Period> periods) =>
        new(PeriodOf(row.Text(first), periods), row.Number(first + 1)!.Value, row.Number(first + 2), row.Number(first + 3));

    private static Period PeriodOf(string id, Dictionary<string, Period> periods)
    {
        if (!periods.TryGetValue(id, out var period)) periods[id] = period = Period.Parse(id);
        return period;
    }
}

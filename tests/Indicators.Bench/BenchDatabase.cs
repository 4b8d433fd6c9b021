using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Indicators.Bench;

/// <summary>
/// What differs between the providers the bench runs the service on: where its databases live, how one is copied
/// onto another, the set-up's straight inserts and the SQL of the attainment limit. Databases are named by the bench
/// itself ("live", "template", "limit0" …), never by input.
/// </summary>
internal abstract class BenchDatabase : IDisposable
{
    /// <summary>The service's <c>Database:Provider</c>, also written into the figures.</summary>
    public abstract string Provider { get; }

    /// <summary>The service's <c>Database:ConnectionString</c> for the database <paramref name="name"/>.</summary>
    public abstract string ConnectionString(string name);

    /// <summary>Makes sure the service finds a database to migrate at <paramref name="name"/>.</summary>
    public abstract void CreateEmpty(string name);

    /// <summary>Replaces the content of <paramref name="to"/> with that of <paramref name="from"/> (created if missing).</summary>
    public abstract void Copy(string from, string to);

    public abstract void Drop(string name);

    /// <summary>The set-up's targets and their first revisions, straight into the schema (not measured).</summary>
    public abstract int InsertTargets(string name, Dataset data);

    /// <summary>Every row of <paramref name="data"/> with its submissions in one transaction; returns the time of the writes.</summary>
    /// <param name="audit">Also append each value's and each submission's audit entry, as the service's write path does.</param>
    public abstract TimeSpan InsertStraight(string name, Dataset data, bool audit);

    /// <summary>A connection for the attainment limit's query, opened the cheapest way the engine has.</summary>
    public abstract DbConnection OpenForQuery(string name);

    /// <summary>The latest value per (indicator, unit) up to <c>@cutoff</c>: indicator, unit, period, value.</summary>
    public abstract string LatestValuesSql { get; }

    public abstract void Dispose();

    public static BenchDatabase Create(BenchOptions options) => options.Provider switch
    {
        "postgres" => new PostgresBenchDatabase(options.Postgres!),
        _ => new SqliteBenchDatabase(),
    };

    protected static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

/// <summary>A value as the set-up writes it straight into <c>data_values</c>; <see cref="Submission"/> counts the (unit, quarter) pairs from 0.</summary>
internal readonly record struct StraightValue(ValueRow Row, string Start, string End, double Value, int Submission, bool FirstOfSubmission)
{
    public const string SubmissionData = """{"status":"submitted"}""";

    /// <summary>The new data of the value's audit entry, as the service writes it.</summary>
    public string AuditData() =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"value":{{Value}},"numerator":{{Row.Numerator}},"denominator":{{Row.Denominator}},"comment":null}""");

    /// <summary>The rows in export order; a new submission starts at each change of unit or quarter.</summary>
    public static IEnumerable<StraightValue> All(Dataset data)
    {
        var factors = data.Indicators.ToDictionary(i => i.Code, i => i.Factor, StringComparer.Ordinal);
        (string Unit, string Period) current = ("", "");
        var submission = -1;
        foreach (var row in data.Rows())
        {
            var first = row.Unit != current.Unit || row.Period != current.Period;
            if (first)
            {
                current = (row.Unit, row.Period);
                submission++;
            }
            yield return new StraightValue(row,
                Dataset.PeriodStart(row.Period).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Dataset.PeriodEnd(row.Period).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (double)Math.Round(row.Numerator / row.Denominator * factors[row.Indicator], 6), submission, first);
        }
    }
}

/// <summary>SQLite files in a temporary folder of this run; copies through the backup API.</summary>
internal sealed class SqliteBenchDatabase : BenchDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"indicators-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);

    public SqliteBenchDatabase() => Directory.CreateDirectory(_folder);

    public override string Provider => "sqlite";

    private string PathOf(string name) => Path.Combine(_folder, name + ".db");

    public override string ConnectionString(string name) => $"Data Source={PathOf(name)}";

    // The service creates the file itself.
    public override void CreateEmpty(string name) { }

    // The backup API is safe while the service has the target open.
    public override void Copy(string from, string to)
    {
        using var source = new SqliteConnection($"Data Source={PathOf(from)};Mode=ReadOnly;Pooling=False");
        using var target = new SqliteConnection($"Data Source={PathOf(to)};Pooling=False");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }

    public override void Drop(string name)
    {
        SqliteConnection.ClearAllPools();
        foreach (var extra in new[] { "", "-wal", "-shm" }) File.Delete(PathOf(name) + extra);
    }

    public override DbConnection OpenForQuery(string name)
    {
        var connection = new SqliteConnection($"Data Source={PathOf(name)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    // SQLite returns the bare columns of the row holding the MAX.
    public override string LatestValuesSql =>
        """
        SELECT indicator_code, unit_id, period, value, MAX(period_end)
        FROM data_values WHERE period_end <= @cutoff
        GROUP BY indicator_code, unit_id
        """;

    public override int InsertTargets(string name, Dataset data)
    {
        using var connection = new SqliteConnection($"Data Source={PathOf(name)};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var target = connection.CreateCommand();
        target.Transaction = transaction;
        target.CommandText =
            """
            INSERT INTO targets (indicator_code, unit_id, year, comparator, value, upper_value, kind, baseline_value, baseline_year,
                reference_unit_id, source, note, version, seed_key, deleted_at, created_at, updated_at, updated_by)
            VALUES ($indicator, $unit, $year, $comparator, $value, NULL, $kind, $baselineValue, $baselineYear,
                NULL, $source, NULL, 1, NULL, NULL, $at, $at, 'bench')
            RETURNING id
            """;
        using var revision = connection.CreateCommand();
        revision.Transaction = transaction;
        revision.CommandText =
            """
            INSERT INTO target_revisions (target_id, version, change, indicator_code, unit_id, year, comparator, value, upper_value, kind,
                baseline_value, baseline_year, reference_unit_id, source, note, changed_at, changed_by)
            VALUES ($id, 1, 'created', $indicator, $unit, $year, $comparator, $value, NULL, $kind, $baselineValue, $baselineYear, NULL, $source, NULL, $at, 'bench')
            """;
        var names = new[] { "$indicator", "$unit", "$year", "$comparator", "$value", "$kind", "$baselineValue", "$baselineYear", "$source", "$at" };
        foreach (var parameter in names)
        {
            target.Parameters.Add(new SqliteParameter { ParameterName = parameter });
            revision.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }
        revision.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        target.Prepare();
        revision.Prepare();
        var at = Now();
        var count = 0;
        foreach (var t in data.Targets())
        {
            object[] values = [t.Indicator, t.Unit, t.Year, t.Comparator, t.Value, t.Kind, (object?)t.BaselineValue ?? DBNull.Value, (object?)t.BaselineYear ?? DBNull.Value, Benchmark.Source, at];
            for (var i = 0; i < values.Length; i++)
            {
                target.Parameters[i].Value = values[i];
                revision.Parameters[i].Value = values[i];
            }
            revision.Parameters["$id"].Value = (long)target.ExecuteScalar()!;
            revision.ExecuteNonQuery();
            count++;
        }
        using (var bump = connection.CreateCommand())
        {
            bump.Transaction = transaction;
            bump.CommandText = "UPDATE data_version SET version = version + 1 WHERE id = 1";
            bump.ExecuteNonQuery();
        }
        transaction.Commit();
        return count;
    }

    // One prepared Microsoft.Data.Sqlite command per table, one transaction.
    public override TimeSpan InsertStraight(string name, Dataset data, bool audit)
    {
        var clock = new Stopwatch();
        using var connection = new SqliteConnection($"Data Source={PathOf(name)};Pooling=False;Foreign Keys=True");
        connection.Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }
        clock.Restart();
        using var transaction = connection.BeginTransaction();
        using var submission = connection.CreateCommand();
        submission.Transaction = transaction;
        submission.CommandText =
            """
            INSERT INTO submissions (unit_id, period, status, created_at, updated_at, updated_by, submitted_at, submitted_by)
            VALUES ($unit, $period, 'submitted', $at, $at, 'bench', $at, 'bench') RETURNING id
            """;
        using var value = connection.CreateCommand();
        value.Transaction = transaction;
        value.CommandText =
            """
            INSERT INTO data_values (indicator_code, unit_id, period, period_start, period_end, value, numerator, denominator, comment, source, submission_id, updated_at, updated_by)
            VALUES ($indicator, $unit, $period, $start, $end, $value, $numerator, $denominator, NULL, NULL, $submission, $at, 'bench')
            """;
        foreach (var parameter in new[] { "$unit", "$period", "$at" }) submission.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        foreach (var parameter in new[] { "$indicator", "$unit", "$period", "$start", "$end", "$value", "$numerator", "$denominator", "$submission", "$at" })
        {
            value.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }
        using var trail = connection.CreateCommand();
        trail.Transaction = transaction;
        trail.CommandText =
            """
            INSERT INTO audit_log (at, actor, entity, entity_key, action, indicator_code, unit_id, period, old_value, new_value, old_data, new_data, reason)
            VALUES ($at, 'bench', $entity, $key, $action, $indicator, $unit, $period, NULL, $value, NULL, $data, NULL)
            """;
        foreach (var parameter in new[] { "$at", "$entity", "$key", "$action", "$indicator", "$unit", "$period", "$value", "$data" })
        {
            trail.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }
        submission.Prepare();
        value.Prepare();
        trail.Prepare();
        var at = Now();
        submission.Parameters["$at"].Value = at;
        value.Parameters["$at"].Value = at;
        trail.Parameters["$at"].Value = at;
        long submissionId = 0;
        foreach (var v in StraightValue.All(data))
        {
            var row = v.Row;
            if (v.FirstOfSubmission)
            {
                submission.Parameters["$unit"].Value = row.Unit;
                submission.Parameters["$period"].Value = row.Period;
                submissionId = (long)submission.ExecuteScalar()!;
                if (audit) Trail(trail, "submission", $"{row.Unit}/{row.Period}", "submitted", DBNull.Value, row.Unit, row.Period, DBNull.Value, StraightValue.SubmissionData);
            }
            value.Parameters[0].Value = row.Indicator;
            value.Parameters[1].Value = row.Unit;
            value.Parameters[2].Value = row.Period;
            value.Parameters[3].Value = v.Start;
            value.Parameters[4].Value = v.End;
            // Bound as doubles, as the service binds decimals for SQLite.
            value.Parameters[5].Value = v.Value;
            value.Parameters[6].Value = (double)row.Numerator;
            value.Parameters[7].Value = (double)row.Denominator;
            value.Parameters[8].Value = submissionId;
            value.ExecuteNonQuery();
            if (audit) Trail(trail, "value", $"{row.Indicator}/{row.Unit}/{row.Period}", "created", row.Indicator, row.Unit, row.Period, v.Value, v.AuditData());
        }
        transaction.Commit();
        clock.Stop();
        return clock.Elapsed;

        static void Trail(SqliteCommand trail, string entity, string key, string action, object indicator, string unit, string period, object value, string data)
        {
            object[] values = [entity, key, action, indicator, unit, period, value, data];
            for (var i = 0; i < values.Length; i++) trail.Parameters[i + 1].Value = values[i];
            trail.ExecuteNonQuery();
        }
    }

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Databases of this run on a PostgreSQL server, named <c>indicators_bench_&lt;pid&gt;_…</c>; copies are
/// <c>CREATE DATABASE … TEMPLATE …</c>; the straight inserts use binary COPY, the fastest way into the engine.
/// </summary>
internal sealed class PostgresBenchDatabase(string server) : BenchDatabase
{
    private readonly string _prefix = $"indicators_bench_{Environment.ProcessId}_";

    public override string Provider => "postgres";

    private string NameOf(string name) => _prefix + name;

    public override string ConnectionString(string name) => new NpgsqlConnectionStringBuilder(server) { Database = NameOf(name) }.ToString();

    public override void CreateEmpty(string name)
    {
        Admin($"DROP DATABASE IF EXISTS {NameOf(name)} WITH (FORCE)");
        Admin($"CREATE DATABASE {NameOf(name)}");
    }

    // A template must have no sessions, and the target is dropped: close the pooled connections (the service's too) first.
    public override void Copy(string from, string to)
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {NameOf(to)} WITH (FORCE)");
        Admin($"CREATE DATABASE {NameOf(to)} TEMPLATE {NameOf(from)}");
    }

    public override void Drop(string name)
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {NameOf(name)} WITH (FORCE)");
    }

    // Pooled, as the service's connections are: the limit is the query, not the connection's start-up.
    public override DbConnection OpenForQuery(string name) => Open(name);

    public override string LatestValuesSql =>
        """
        SELECT DISTINCT ON (indicator_code, unit_id) indicator_code, unit_id, period, value
        FROM data_values WHERE period_end <= @cutoff
        ORDER BY indicator_code, unit_id, period_end DESC
        """;

    public override int InsertTargets(string name, Dataset data)
    {
        using var connection = Open(name);
        using var transaction = connection.BeginTransaction();
        // Ids are given here, after the seeded targets, so the revisions can refer to them; the identity follows at the end.
        var first = Scalar(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM targets");
        var targets = data.Targets().ToList();
        var at = Now();
        using (var copy = connection.BeginBinaryImport(
            """
            COPY targets (id, indicator_code, unit_id, year, comparator, value, kind, baseline_value, baseline_year, source, version, created_at, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var id = first;
            foreach (var t in targets)
            {
                copy.WriteRow(id++, t.Indicator, t.Unit, (long)t.Year, t.Comparator, (double)t.Value, t.Kind, (double?)t.BaselineValue, (long?)t.BaselineYear, Benchmark.Source, 1L, at, at, "bench");
            }
            copy.Complete();
        }
        using (var copy = connection.BeginBinaryImport(
            """
            COPY target_revisions (target_id, version, change, indicator_code, unit_id, year, comparator, value, kind, baseline_value, baseline_year, source, changed_at, changed_by)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            var id = first;
            foreach (var t in targets)
            {
                copy.WriteRow(id++, 1L, "created", t.Indicator, t.Unit, (long)t.Year, t.Comparator, (double)t.Value, t.Kind, (double?)t.BaselineValue, (long?)t.BaselineYear, Benchmark.Source, at, "bench");
            }
            copy.Complete();
        }
        Execute(connection, "SELECT setval(pg_get_serial_sequence('targets', 'id'), (SELECT MAX(id) FROM targets))");
        Execute(connection, "UPDATE data_version SET version = version + 1 WHERE id = 1");
        transaction.Commit();
        return targets.Count;
    }

    // One COPY per table (a connection runs one at a time), so the rows are generated once per table; one transaction.
    public override TimeSpan InsertStraight(string name, Dataset data, bool audit)
    {
        using var connection = Open(name);
        var clock = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        var first = Scalar(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM submissions");
        var at = Now();
        using (var copy = connection.BeginBinaryImport(
            "COPY submissions (id, unit_id, period, status, created_at, updated_at, updated_by, submitted_at, submitted_by) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var v in StraightValue.All(data).Where(v => v.FirstOfSubmission))
            {
                copy.WriteRow(first + v.Submission, v.Row.Unit, v.Row.Period, "submitted", at, at, "bench", at, "bench");
            }
            copy.Complete();
        }
        using (var copy = connection.BeginBinaryImport(
            """
            COPY data_values (indicator_code, unit_id, period, period_start, period_end, value, numerator, denominator, submission_id, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var v in StraightValue.All(data))
            {
                var row = v.Row;
                copy.WriteRow(row.Indicator, row.Unit, row.Period, v.Start, v.End, v.Value, (double)row.Numerator, (double)row.Denominator, first + v.Submission, at, "bench");
            }
            copy.Complete();
        }
        if (audit)
        {
            using var copy = connection.BeginBinaryImport(
                "COPY audit_log (at, actor, entity, entity_key, action, indicator_code, unit_id, period, new_value, new_data) FROM STDIN (FORMAT BINARY)");
            foreach (var v in StraightValue.All(data))
            {
                var row = v.Row;
                if (v.FirstOfSubmission)
                {
                    copy.WriteRow(at, "bench", "submission", $"{row.Unit}/{row.Period}", "submitted", null, row.Unit, row.Period, null, StraightValue.SubmissionData);
                }
                copy.WriteRow(at, "bench", "value", $"{row.Indicator}/{row.Unit}/{row.Period}", "created", row.Indicator, row.Unit, row.Period, v.Value, v.AuditData());
            }
            copy.Complete();
        }
        Execute(connection, "SELECT setval(pg_get_serial_sequence('submissions', 'id'), (SELECT MAX(id) FROM submissions))");
        transaction.Commit();
        clock.Stop();
        return clock.Elapsed;
    }

    /// <summary>Drops every database of this run, whatever step it stopped at.</summary>
    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, @prefix)", connection);
        list.Parameters.AddWithValue("prefix", _prefix);
        var names = new List<string>();
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read()) names.Add(reader.GetString(0));
        }
        foreach (var name in names) Execute(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private NpgsqlConnection Open(string name)
    {
        var connection = new NpgsqlConnection(ConnectionString(name));
        connection.Open();
        return connection;
    }

    /// <summary>A statement on the server's maintenance database (CREATE and DROP DATABASE take no parameters).</summary>
    private void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        Execute(connection, sql);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

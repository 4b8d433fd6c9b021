using Microsoft.Data.Sqlite;
using Npgsql;

namespace Indicators.Tests;

/// <summary>
/// Builds one migrated and seeded template database for the whole run; every test starts from a copy of it, so each
/// test has a fresh database without re-seeding. The run's provider is SQLite, or PostgreSQL when
/// <c>INDICATORS_TEST_POSTGRES</c> holds a connection string to a server (its database is only used to create others).
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    /// <summary>The bootstrap admin key of every test database.</summary>
    public const string AdminKey = "ind_0a1b2c3d_test-admin-key-0123456789";

    /// <summary>The PostgreSQL server of this run, or null for a run on SQLite.</summary>
    public static string? Postgres { get; } = Environment.GetEnvironmentVariable("INDICATORS_TEST_POSTGRES") is { Length: > 0 } p ? p : null;

    public static bool IsPostgres => Postgres is not null;

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "indicators-tests-" + Environment.ProcessId);

    /// <summary>Names of this run's PostgreSQL databases start with it, so they never meet another run's.</summary>
    private static readonly string Prefix = $"indicators_t{Environment.ProcessId}_";

    public static TestDb Template { get; } = IsPostgres ? TestDb.OnPostgres(Prefix + "template") : TestDb.Sqlite(Path.Combine(Folder, "template.db"));

    [OneTimeSetUp]
    public void CreateTemplate()
    {
        Directory.CreateDirectory(Folder);
        if (IsPostgres) Admin($"CREATE DATABASE {Template.Name}");
        using (var factory = new ApiFactory(Template))
        {
            _ = factory.Services; // starting the host migrates, seeds and creates the admin key
        }
        ClearPools();
    }

    [OneTimeTearDown]
    public void Remove()
    {
        ClearPools();
        if (IsPostgres)
        {
            using var connection = new NpgsqlConnection(Postgres);
            connection.Open();
            using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @prefix", connection);
            list.Parameters.AddWithValue("prefix", Prefix + "%");
            var names = new List<string>();
            using (var reader = list.ExecuteReader())
                while (reader.Read()) names.Add(reader.GetString(0));
            foreach (var name in names) Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A new database of this run's provider named after <paramref name="label"/>, holding the template's content.</summary>
    public static TestDb Create(string label)
    {
        var name = label.ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N")[..8];
        var db = IsPostgres ? TestDb.OnPostgres(Prefix + name) : TestDb.Sqlite(Path.Combine(Folder, name + ".db"));
        db.Restore();
        return db;
    }

    /// <summary>A new, empty database of this run's provider: the service migrates and seeds it when it starts.</summary>
    public static TestDb CreateEmpty(string label)
    {
        var name = label.ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N")[..8];
        if (!IsPostgres) return TestDb.Sqlite(Path.Combine(Folder, name + ".db"));
        Admin($"CREATE DATABASE {Prefix + name}");
        return TestDb.OnPostgres(Prefix + name);
    }

    /// <summary>Skips the fixture on a run whose provider is not SQLite, saying why the test needs it.</summary>
    public static void RequireSqlite(string why)
    {
        if (IsPostgres) Assert.Ignore("SQLite only: " + why);
    }

    /// <summary>Closes pooled connections of both providers, so files can be replaced and databases dropped.</summary>
    public static void ClearPools()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Runs a statement on the PostgreSQL server's maintenance connection (names are this run's own, never input).</summary>
    internal static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(Postgres);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>One test database: a SQLite file, or a PostgreSQL database on the run's server.</summary>
public sealed class TestDb
{
    private TestDb(string provider, string name, string connectionString, string? path)
    {
        Provider = provider;
        Name = name;
        ConnectionString = connectionString;
        Path = path;
    }

    public string Provider { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? Path { get; }

    public static TestDb Sqlite(string path) => new("sqlite", System.IO.Path.GetFileNameWithoutExtension(path), $"Data Source={path}", path);

    public static TestDb OnPostgres(string name) =>
        new("postgres", name, new NpgsqlConnectionStringBuilder(TestDatabase.Postgres) { Database = name }.ToString(), null);

    /// <summary>Overwrites this database with the template's content (SQLite's backup API; a PostgreSQL database created from the template).</summary>
    public void Restore() => CopyFrom(TestDatabase.Template);

    /// <summary>Overwrites this database with <paramref name="source"/>'s content.</summary>
    public void CopyFrom(TestDb source)
    {
        if (Path is null)
        {
            NpgsqlConnection.ClearAllPools();
            TestDatabase.Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            // A background service of the running app (an index build, a delivery) may still be reading the source a moment.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    TestDatabase.Admin($"CREATE DATABASE {Name} TEMPLATE {source.Name}");
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
                {
                    NpgsqlConnection.ClearAllPools();
                    Thread.Sleep(100);
                }
            }
            // A connection a background job of the service held through the drop went back to the pool dead: drop those too.
            NpgsqlConnection.ClearAllPools();
            return;
        }
        using var from = new SqliteConnection($"Data Source={source.Path};Mode=ReadOnly;Pooling=False");
        using var to = new SqliteConnection($"Data Source={Path};Pooling=False");
        from.Open();
        to.Open();
        // A background service of the running app (notification delivery, deadline scans) may hold the write lock a moment.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                from.BackupDatabase(to);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }
}

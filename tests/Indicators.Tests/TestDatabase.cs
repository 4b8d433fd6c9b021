using Microsoft.Data.Sqlite;

namespace Indicators.Tests;

/// <summary>
/// Builds one migrated and seeded template database for the whole run; every test starts from a copy of it,
/// restored through SQLite's backup API, so each test has a fresh database without re-seeding.
/// </summary>
[SetUpFixture]
public sealed class TestDatabase
{
    /// <summary>The bootstrap admin key of every test database.</summary>
    public const string AdminKey = "ind_0a1b2c3d_test-admin-key-0123456789";

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "indicators-tests-" + Environment.ProcessId);

    public static string TemplatePath => Path.Combine(Folder, "template.db");

    [OneTimeSetUp]
    public void CreateTemplate()
    {
        Directory.CreateDirectory(Folder);
        using var factory = new ApiFactory(TemplatePath);
        _ = factory.Services; // starting the host migrates, seeds and creates the admin key
        SqliteConnection.ClearAllPools();
    }

    [OneTimeTearDown]
    public void Remove()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Overwrites the database at <paramref name="path"/> with the template's content.</summary>
    public static void Restore(string path)
    {
        using var source = new SqliteConnection($"Data Source={TemplatePath};Mode=ReadOnly;Pooling=False");
        using var target = new SqliteConnection($"Data Source={path};Pooling=False");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }
}

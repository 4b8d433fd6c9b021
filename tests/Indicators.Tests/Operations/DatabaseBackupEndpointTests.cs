using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary><c>GET /api/v1/admin/backup</c>: an admin downloads a consistent, complete copy of the database.</summary>
public sealed class DatabaseBackupEndpointTests : ApiTest
{
    [Test]
    public async Task An_admin_downloads_a_copy_that_holds_the_latest_write()
    {
        TestDatabase.RequireSqlite("the service backs up SQLite files");
        var write = await Admin().PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 91.5 } } }));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var response = await Admin().GetAsync(ApiRoutes.Backup);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.sqlite3"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.StartWith("indicators-").And.EndWith(".db"));

        var file = Path.Combine(TestDatabase.Folder, "downloaded-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        await using var copy = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        Assert.That(await copy.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
        Assert.That(await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_values WHERE unit_id = '01' AND value = 91.5"), Is.EqualTo(1));
        Assert.That(await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log"), Is.EqualTo(await ScalarAsync("SELECT COUNT(*) FROM audit_log")));
        Assert.That(await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys"), Is.EqualTo(await ScalarAsync("SELECT COUNT(*) FROM api_keys")));
        Assert.That(Directory.GetFiles(Path.GetTempPath(), "indicators-backup-*"), Is.Empty, "the temporary copy is gone once sent");
    }

    [Test]
    public async Task A_server_engine_is_told_to_use_its_own_backup_tools()
    {
        if (!TestDatabase.IsPostgres) Assert.Ignore("PostgreSQL only: SQLite is backed up by the service.");
        await AssertProblem(await Admin().GetAsync(ApiRoutes.Backup), HttpStatusCode.NotImplemented);
    }
}

using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reliability;

/// <summary>
/// A busy database is retried and then a 503; an unavailable one is a 503 on every request, readiness fails while
/// liveness passes, and the service recovers on its own when the file is back. Never a 500.
/// </summary>
public sealed class DatabaseFailureTests : ApiTest
{
    [OneTimeSetUp]
    public void OnlyOnSqlite() => TestDatabase.RequireSqlite("the failures are SQLite's file locks and files");

    private static readonly object Indicator = new
    {
        nameVi = "Chỉ số thử", nameEn = "Test rate", unit = "percent", direction = "higher", aggregation = "ratio", frequency = "yearly", decimals = 1, group = "outcomes",
    };

    /// <summary>The same service on the same file, but waiting only one second on a lock, so the retries are quick to exhaust.</summary>
    private WebApplicationFactory<Program> ImpatientService() =>
        Factory.WithWebHostBuilder(b => b.UseSetting("Database:ConnectionString", $"Data Source={Factory.DatabasePath};Default Timeout=1"));

    /// <summary>Another process's writer: holds the write lock until disposed.</summary>
    private SqliteConnection HoldWriteLock()
    {
        var connection = new SqliteConnection($"Data Source={Factory.DatabasePath};Pooling=False");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return connection;
    }

    [Test]
    public async Task A_lock_that_outlasts_the_busy_timeout_is_retried_and_the_write_succeeds()
    {
        using var service = ImpatientService();
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        var writer = HoldWriteLock();
        // Released after the first attempt has given up (1 s) but before the retries have.
        var release = Task.Delay(1500).ContinueWith(_ => writer.Dispose(), TaskScheduler.Default);
        var response = await client.PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(Indicator));
        await release;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task A_lock_that_outlasts_every_retry_is_a_503_with_Retry_After()
    {
        using var service = ImpatientService();
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        using (HoldWriteLock())
        {
            response = await client.PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(Indicator));
        }
        var problem = await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["title"]!.GetValue<string>(), Does.Contain("busy"));
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(2.5)), "three attempts of one second each");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM indicators WHERE code = 'TEST_RATE'"), Is.Zero);
    }

    /// <summary>Ways to make the file unusable that stop root too (chmod does not).</summary>
    public enum Breakage { FileIsADirectory, FileIsMissing, FileIsNotADatabase }

    [TestCase(Breakage.FileIsADirectory)]
    [TestCase(Breakage.FileIsMissing)]
    [TestCase(Breakage.FileIsNotADatabase)]
    public async Task An_unavailable_database_is_a_503_readiness_fails_liveness_passes_and_the_service_recovers(Breakage breakage)
    {
        var admin = Admin();
        Assert.That((await admin.PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(Indicator))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await ReadyAsync()).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The database is the file with its WAL and shared-memory index: all three go (and come back) together.
        var path = Factory.DatabasePath;
        var files = new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).ToList();
        foreach (var file in files) File.Move(file, file + ".aside");
        try
        {
            if (breakage == Breakage.FileIsADirectory) Directory.CreateDirectory(path);
            if (breakage == Breakage.FileIsNotADatabase) await File.WriteAllTextAsync(path, new string('x', 8192));

            // A missing or unopenable file is noticed by the next request. A file replaced by another is noticed by
            // the readiness probe's fresh connection, which then drops the pooled handles to the old file.
            if (breakage != Breakage.FileIsNotADatabase) await AssertUnavailableAsync(admin);
            Assert.That((await Client().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await Client().GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            await AssertUnavailableAsync(admin);
            Assert.That((await Client().GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "still down");
            if (breakage == Breakage.FileIsMissing) Assert.That(File.Exists(path), Is.False, "no empty database was created in its place");
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path);
            foreach (var file in files) File.Move(file + ".aside", file, overwrite: true);
        }

        Assert.That((await Client().GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "recovered without a restart");
        Assert.That((await Client().GetAsync(ApiRoutes.IndicatorUrl("TEST_RATE"))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the data written before is intact");
        var write = await admin.PutAsync(ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.4 } } }));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.OK), await write.Content.ReadAsStringAsync());
    }

    private async Task AssertUnavailableAsync(HttpClient admin)
    {
        foreach (var response in new[]
        {
            await Client().GetAsync(ApiRoutes.Indicators),
            await Client().GetAsync(ApiRoutes.UnitUrl("51")),
            await admin.GetAsync(ApiRoutes.Keys),
            await admin.PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody(Indicator)),
            await admin.PutAsync(ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.4 } } })),
            await Client().GetAsync(ApiRoutes.Attainment + "?year=2030"),
            await Client().GetAsync(ApiRoutes.Values + "?unit=51"),
            await admin.PostAsync(ApiRoutes.Imports, JsonBody(new { rows = new[] { new { unit = "51@2025-07-01", period = "2025Q3", indicator = "BHYT_COVERAGE", value = 94.4 } } })),
        })
        {
            var problem = await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.That(problem["title"]!.GetValue<string>(), Does.Contain("unavailable"));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        }
    }
}

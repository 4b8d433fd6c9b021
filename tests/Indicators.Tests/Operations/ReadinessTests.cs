using System.Net;
using System.Text.Json.Nodes;

namespace Indicators.Tests.Operations;

/// <summary><c>/health/ready</c> names the check that failed in a problem body, without secrets; <c>/health/live</c> stays 200.</summary>
public sealed class ReadinessTests : ApiTest
{
    [Test]
    public async Task A_ready_service_answers_Healthy()
    {
        var response = await ReadyAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task A_migration_not_applied_is_named()
    {
        await ScalarAsync("DELETE FROM schema_migrations WHERE name = '0002_audit_unit_index.sql'");
        var checks = await NotReadyAsync();
        Assert.That(checks["migrations"]!["status"]!.GetValue<string>(), Is.EqualTo("unhealthy"));
        Assert.That(checks["migrations"]!["description"]!.GetValue<string>(), Does.Contain("0002_audit_unit_index.sql"));
        Assert.That(checks["database"]!["status"]!.GetValue<string>(), Is.EqualTo("healthy"));
    }

    [Test]
    public async Task An_unavailable_database_is_named_and_liveness_passes()
    {
        TestDatabase.RequireSqlite("the database file is moved aside");
        var path = Factory.DatabasePath;
        var files = new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).ToList();
        foreach (var file in files) File.Move(file, file + ".aside");
        try
        {
            var checks = await NotReadyAsync();
            Assert.That(checks["database"]!["status"]!.GetValue<string>(), Is.EqualTo("unhealthy"));
            Assert.That(checks["database"]!["description"]!.GetValue<string>(), Is.EqualTo("The database does not answer."));
            Assert.That((await Client().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            foreach (var file in files) File.Move(file + ".aside", file, overwrite: true);
        }
        Assert.That((await Client().GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "recovered");
    }

    /// <summary>Asserts a 503 problem that gives away no path or connection string, and returns its <c>checks</c>.</summary>
    private async Task<JsonNode> NotReadyAsync()
    {
        var response = await Client().GetAsync("/health/ready");
        var problem = await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("The service is not ready."));
        var body = problem.ToJsonString();
        Assert.That(body, Does.Not.Contain(Factory.Database.Name).And.Not.Contain("Data Source").And.Not.Contain("Host="));
        return problem["checks"]!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Tests.Reliability;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary>
/// The real service's console with its shipped defaults: a summary at start-up, then nothing for ordinary requests;
/// never a key or a key's hash. With the JSON formatter every line is one JSON object.
/// </summary>
public sealed class LoggingTests
{
    private TestDb _database = null!;

    [SetUp]
    public void CopyTemplate() => _database = TestDatabase.Create("logging");

    [TearDown]
    public void ReleaseFile() => TestDatabase.ClearPools();

    [Test]
    public async Task Ordinary_requests_write_no_line_and_no_key_or_hash_is_ever_written()
    {
        // The shipped default level; the test harness otherwise starts the service at Warning.
        await using var service = await ServiceProcess.StartAsync(_database, "--Logging:LogLevel:Default=Information");
        var startup = Lines(service.Output);
        Assert.That(startup, Has.Some.Contains("Indicators started").And.Contains(_database.Provider).And.Contains(_database.Path is { } file ? Path.GetFullPath(file) : "Database=" + _database.Name).And.Contains(service.Address.ToString().TrimEnd('/')));
        Assert.That(startup, Has.Count.LessThanOrEqualTo(12), service.Output);

        var admin = service.Client(TestDatabase.AdminKey);
        var created = await admin.PostAsJsonAsync(ApiRoutes.Keys, new { name = "logging test", role = "reporter", units = new[] { "01" } });
        var reporterKey = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        var reporter = service.Client(reporterKey);
        var responses = new[]
        {
            await service.Client().GetAsync(ApiRoutes.Indicators),
            await service.Client().GetAsync(ApiRoutes.Indicators + "?format=csv"),
            await reporter.PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), Json("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}]}""")),
            await reporter.PostAsync(ApiRoutes.SubmissionStepUrl("01", "2025Q3", SubmissionAction.Submit), Json("{}")),
            await service.Client().GetAsync(ApiRoutes.Attainment + "?year=2025"),
            await service.Client().GetAsync(ApiRoutes.Values + "?unit=01"),
            await admin.GetAsync(ApiRoutes.ValueAudit + "?unit=01"),
            await admin.GetAsync(ApiRoutes.Keys),
            await service.Client().GetAsync(ApiRoutes.UnitUrl("99")),
            await service.Client("ind_0a1b2c3d_a-wrong-secret-0123456789").GetAsync(ApiRoutes.Indicators),
            await reporter.PutAsync(ApiRoutes.SubmissionUrl("51@2025-07-01", "2025Q3"), Json("""{"values":[{"indicator":"BHYT_COVERAGE","value":91.5}]}""")),
            await service.Client().GetAsync("/health/ready"),
        };
        Assert.That(responses.Select(r => (int)r.StatusCode), Is.EqualTo(new[] { 200, 200, 200, 200, 200, 200, 200, 200, 404, 401, 403, 200 }));
        await Task.Delay(500); // the console is written asynchronously

        var lines = Lines(service.Output);
        Assert.That(lines.Skip(startup.Count), Is.Empty, "ordinary requests, a 404, a 401 and a 403 write nothing at the default level");
        foreach (var key in new[] { TestDatabase.AdminKey, reporterKey })
        {
            Assert.That(service.Output, Does.Not.Contain(key.Split('_', 3)[2]));
            Assert.That(service.Output, Does.Not.Contain(ApiKeys.Hash(key)).IgnoreCase);
        }
        TestContext.Out.WriteLine($"{lines.Count} console lines:\n{service.Output}");
    }

    [Test]
    public async Task The_json_formatter_writes_one_json_object_a_line()
    {
        await using var service = await ServiceProcess.StartAsync(_database, "--Logging:LogLevel:Default=Information", "--Logging:Console:FormatterName=json");
        var lines = Lines(service.Output);
        Assert.That(lines, Is.Not.Empty);
        var entries = lines.Select(l => JsonNode.Parse(l)!).ToList();
        var summary = entries.Single(e => e["Category"]!.GetValue<string>() == "Indicators.Api.Startup");
        Assert.That(summary["LogLevel"]!.GetValue<string>(), Is.EqualTo("Information"));
        Assert.That(summary["State"]!["Provider"]!.GetValue<string>(), Is.EqualTo(_database.Provider));
        Assert.That(DateTimeOffset.TryParse(summary["Timestamp"]!.GetValue<string>(), out _), Is.True, summary.ToJsonString());
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

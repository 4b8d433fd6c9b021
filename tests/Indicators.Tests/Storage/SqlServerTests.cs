using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Storage;

/// <summary>
/// The service on SQL Server: migrations, seeds and a round trip of reads and writes. Runs only where
/// <c>INDICATORS_TEST_SQLSERVER</c> holds a connection string to an empty database; skipped otherwise.
/// </summary>
[NonParallelizable]
public sealed class SqlServerTests
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("INDICATORS_TEST_SQLSERVER");
    private ApiFactory? _factory;

    [OneTimeSetUp]
    public void Start()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Assert.Ignore("SQL Server tests need INDICATORS_TEST_SQLSERVER (a connection string to an empty database); none is set.");
        }
        _factory = new ApiFactory(Path.Combine(TestDatabase.Folder, "unused.db"), new Dictionary<string, string?>
        {
            ["Database:Provider"] = "sqlserver",
            ["Database:ConnectionString"] = ConnectionString,
        });
        _ = _factory.Services;
    }

    [OneTimeTearDown]
    public void Stop() => _factory?.Dispose();

    [Test]
    public async Task The_catalog_and_units_are_seeded()
    {
        var client = _factory!.CreateClient();
        var indicators = JsonNode.Parse(await client.GetStringAsync(ApiRoutes.Indicators))!["items"]!.AsArray();
        Assert.That(indicators, Has.Count.EqualTo(33));
        var provinces = JsonNode.Parse(await client.GetStringAsync(ApiRoutes.Units + "?level=province"))!["items"]!.AsArray();
        Assert.That(provinces, Has.Count.EqualTo(34));
    }

    [Test]
    public async Task A_submission_is_saved_and_read_back()
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        var put = await client.PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"),
            new StringContent("""{"values":[{"indicator":"BHYT_COVERAGE","numerator":9000000,"denominator":9500000}]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var body = JsonNode.Parse(await client.GetStringAsync(ApiRoutes.SubmissionUrl("01", "2025Q3")))!;
        Assert.That(body["values"]![0]!["value"]!.GetValue<decimal>(), Is.EqualTo(Math.Round(9000000m / 9500000m * 100, 6)));
    }
}

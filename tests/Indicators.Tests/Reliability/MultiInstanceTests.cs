using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Indicators.Api.Storage;
using Microsoft.Extensions.Options;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reliability;

/// <summary>
/// Two service processes on one database, as behind a load balancer: what one writes the other reads on its next
/// request, unit edits travel without a restart, concurrent writers split across both keep the database consistent,
/// and an Idempotency-Key sent to both at once runs once. On PostgreSQL in CI; on a SQLite run the two share the file.
/// </summary>
[NonParallelizable]
public sealed class MultiInstanceTests
{
    private const int Writers = 16;

    private TestDb _database = null!;
    private ServiceProcess _a = null!;
    private ServiceProcess _b = null!;

    [OneTimeSetUp]
    public async Task StartTwoInstances()
    {
        _database = TestDatabase.Create("two_instances");
        string[] settings = ["--RateLimiting:WritesPerMinute=0"];
        _a = await ServiceProcess.StartAsync(_database, settings);
        _b = await ServiceProcess.StartAsync(_database, settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        TestDatabase.ClearPools();
    }

    [Test]
    public async Task A_value_written_through_one_instance_is_in_the_others_values_and_attainment_at_once()
    {
        // Both instances have built their index before the write, so B must notice the new version.
        foreach (var instance in new[] { _a, _b })
            Assert.That((await instance.Client().GetAsync(ApiRoutes.Attainment + "?unit=60&indicator=BHYT_COVERAGE")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var put = await _a.Client(TestDatabase.AdminKey).PutAsync(ApiRoutes.SubmissionUrl("60", "2025Q2"),
            Json(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 95.17m } }, submit = true }));
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        var values = await _b.Client().GetFromJsonAsync<JsonNode>(ApiRoutes.Values + "?indicator=BHYT_COVERAGE&unit=60");
        Assert.That(values!["items"]!.AsArray().Select(v => v!["value"]!.GetValue<decimal>()), Does.Contain(95.17m));
        var rows = (await _b.Client().GetFromJsonAsync<JsonNode>(ApiRoutes.Attainment + "?unit=60&indicator=BHYT_COVERAGE"))!["items"]!.AsArray();
        var y2025 = rows.Single(r => r!["year"]!.GetValue<int>() == 2025)!;
        Assert.That(y2025["actualValue"]!.GetValue<decimal>(), Is.EqualTo(95.17m));
        Assert.That(y2025["actualPeriod"]!.GetValue<string>(), Is.EqualTo("2025Q2"));
    }

    [Test]
    public async Task A_unit_edited_through_one_instance_is_seen_by_the_other_without_a_restart()
    {
        var Path = ApiRoutes.UnitUrl("01");
        Assert.That((await _b.Client().GetFromJsonAsync<JsonNode>(Path))!["nameVi"]!.GetValue<string>(), Is.EqualTo("Hà Nội"));
        var unit = (await _a.Client().GetFromJsonAsync<JsonNode>(Path))!.AsObject();
        unit["nameVi"] = "Thủ đô Hà Nội";
        unit.Remove("id");
        unit.Remove("predecessorIds");
        var put = await _a.Client(TestDatabase.AdminKey).PutAsync(Path, new StringContent(unit.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.That(put.IsSuccessStatusCode, Is.True, await put.Content.ReadAsStringAsync());

        var watch = Stopwatch.StartNew();
        string name;
        do
        {
            name = (await _b.Client().GetFromJsonAsync<JsonNode>(Path))!["nameVi"]!.GetValue<string>();
            if (name == "Thủ đô Hà Nội") break;
            await Task.Delay(100);
        } while (watch.Elapsed < UnitDirectory.CheckInterval * 5);
        Assert.That(name, Is.EqualTo("Thủ đô Hà Nội"), "the other instance's unit");
        Assert.That(watch.Elapsed, Is.LessThan(UnitDirectory.CheckInterval * 5));
    }

    [Test]
    public async Task A_key_created_through_one_instance_works_on_the_other_at_once_and_stops_within_a_second_of_its_revocation()
    {
        var created = await _a.Client(TestDatabase.AdminKey).PostAsJsonAsync(ApiRoutes.Keys, new { name = "revoked across instances", role = "reporter", units = new[] { "01" } });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var body = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        var reporter = _b.Client(body["key"]!.GetValue<string>());
        var Path = ApiRoutes.SubmissionUrl("01", "2025Q1");
        Assert.That((await reporter.GetAsync(Path)).StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized), "a key B has not seen yet");

        var revoked = await _a.Client(TestDatabase.AdminKey).DeleteAsync(ApiRoutes.KeyUrl(body["id"]!.GetValue<long>()));
        Assert.That(revoked.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await reporter.GetAsync(Path)).StatusCode;
            if (status == HttpStatusCode.Unauthorized) break;
            await Task.Delay(100);
        } while (watch.Elapsed < KeyDirectory.CheckInterval * 5);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "the key revoked through the other instance");
        Assert.That(watch.Elapsed, Is.LessThan(KeyDirectory.CheckInterval * 3));
    }

    [Test]
    public async Task Writers_split_across_both_instances_leave_a_consistent_audited_database()
    {
        var admin = _a.Client(TestDatabase.AdminKey);
        var keys = new Dictionary<string, string>
        {
            ["reporter"] = await KeyAsync(admin, "reporter"),
            ["approver"] = await KeyAsync(admin, "approver"),
            ["admin"] = TestDatabase.AdminKey,
        };
        var outcomes = await ConcurrentWriters.RunAsync([key => _a.Client(key), key => _b.Client(key)], keys, Writers, TimeSpan.FromSeconds(6));
        using var database = new Database(Options.Create(new DatabaseOptions { Provider = _database.Provider, ConnectionString = _database.ConnectionString }));
        await using var connection = await database.OpenAsync();
        await ConcurrentWriters.VerifyAsync(connection, outcomes, Writers);
    }

    [Test]
    public async Task An_idempotency_key_sent_to_both_instances_at_once_runs_once()
    {
        var key = "two-instances-" + Guid.NewGuid().ToString("N");
        const string Comment = "sent twice at once";
        var body = new { values = new[] { new { indicator = "EPI_FULL_IMMUNIZATION", value = 97.3m, comment = Comment } } };
        async Task<HttpResponseMessage> SendAsync(ServiceProcess instance)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, ApiRoutes.SubmissionUrl("01", "2025Q4")) { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await instance.Client(TestDatabase.AdminKey).SendAsync(request);
        }
        var answers = await Task.WhenAll(SendAsync(_a), SendAsync(_b));

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), await answers[0].Content.ReadAsStringAsync());
        Assert.That(answers.Count(a => a.Headers.Contains("Idempotent-Replayed")), Is.EqualTo(1), "one ran, the other replayed its answer");
        Assert.That(await answers[0].Content.ReadAsStringAsync(), Is.EqualTo(await answers[1].Content.ReadAsStringAsync()));
        using var database = new Database(Options.Create(new DatabaseOptions { Provider = _database.Provider, ConnectionString = _database.ConnectionString }));
        await using var connection = await database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'value' AND unit_id = '01' AND period = '2025Q4'"), Is.EqualTo(1), "written once");
    }

    private static async Task<string> KeyAsync(HttpClient admin, string role)
    {
        var response = await admin.PostAsJsonAsync(ApiRoutes.Keys, new { name = $"{role} of two instances", role, units = ConcurrentWriters.Units });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!["key"]!.GetValue<string>();
    }

    private static StringContent Json(object value) => new(System.Text.Json.JsonSerializer.Serialize(value, System.Text.Json.JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
}

using System.Net;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Operations;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary>
/// Idempotency records replay for the retention (24 h by default) and no longer; the hourly sweep deletes the expired
/// ones and leaves the audit trail alone. The service runs on a fake clock, years ahead of the seeded audit entries.
/// </summary>
public sealed class IdempotencyRetentionTests : ApiTest
{
    private FakeTimeProvider _clock = null!;
    private WebApplicationFactory<Program> _service = null!;

    [SetUp]
    public void StartOnAFakeClock()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(5));
        _service = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
    }

    [TearDown]
    public void StopFakeClockService() => _service.Dispose();

    private HttpClient AdminOfService()
    {
        var client = _service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        return client;
    }

    private static HttpRequestMessage Put(string key, decimal value) => new(HttpMethod.Put, ApiRoutes.SubmissionUrl("01", "2025Q3"))
    {
        Headers = { { "Idempotency-Key", key } },
        Content = JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value } } }),
    };

    [Test]
    public async Task A_replay_within_the_retention_gets_the_first_answer_and_after_it_is_a_new_request()
    {
        var admin = AdminOfService();
        Assert.That((await admin.SendAsync(Put("retained", 91.5m))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        _clock.Advance(TimeSpan.FromHours(23));
        var replay = await admin.SendAsync(Put("retained", 91.5m));
        Assert.That(replay.Headers.Contains("Idempotent-Replayed"), Is.True, "23 h later the answer replays");
        await AssertProblem(await admin.SendAsync(Put("retained", 92m)), HttpStatusCode.UnprocessableEntity);

        _clock.Advance(TimeSpan.FromHours(2));
        var fresh = await admin.SendAsync(Put("retained", 92m));
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK), "25 h later the key starts a new request");
        Assert.That(fresh.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE value = 92"), Is.EqualTo(1));
        var again = await admin.SendAsync(Put("retained", 92m));
        Assert.That(again.Headers.Contains("Idempotent-Replayed"), Is.True, "the new answer is kept in turn");
    }

    [Test]
    public async Task The_hourly_sweep_deletes_expired_records_and_never_an_audit_entry()
    {
        _ = _service.Services; // started: the sweep's timer runs on the fake clock
        var now = _clock.GetUtcNow();
        await using (var connection = await Service<Database>().OpenAsync())
        {
            foreach (var (key, age) in new[] { ("expired", TimeSpan.FromHours(30)), ("expires-within-the-hour", TimeSpan.FromHours(23.5)), ("kept", TimeSpan.FromHours(20)) })
            {
                await connection.ExecuteAsync(
                    "INSERT INTO idempotency_records (caller, idem_key, request_hash, status_code, content_type, body, created_at) VALUES ('1', @key, 'h', 200, NULL, NULL, @at)",
                    new { key, at = Clock.Stamp(now - age) });
            }
        }
        var audit = await ScalarAsync("SELECT COUNT(*) FROM audit_log");
        Assert.That(audit, Is.GreaterThan(0));

        // Only the sweep after the hour's tick can delete the record that expires within the hour.
        _clock.Advance(IdempotencyRetention.SweepInterval);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await ScalarAsync("SELECT COUNT(*) FROM idempotency_records") > 1 && DateTime.UtcNow < deadline) await Task.Delay(50);

        await using (var connection = await Service<Database>().OpenAsync())
        {
            Assert.That(await connection.QueryAsync<string>("SELECT idem_key FROM idempotency_records"), Is.EqualTo(new[] { "kept" }));
        }
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log"), Is.EqualTo(audit), "audit entries, years older than the retention, stay");
    }
}

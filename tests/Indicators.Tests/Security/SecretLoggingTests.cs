using System.Collections.Concurrent;
using System.Net.Http.Json;
using Indicators.Api.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Indicators.Tests.Security;

/// <summary>API keys and their hashes never appear in the logs, at any level, whatever happens to the request.</summary>
public sealed class SecretLoggingTests : ApiTest
{
    [Test]
    public async Task Api_keys_never_reach_the_logs()
    {
        var reporter = await KeyAsync("reporter", "51@2025-07-01");
        var revoked = await KeyAsync("reader");
        var revokedId = (await Json(await Admin().GetAsync("/api/v1/admin/keys")))["items"]!.AsArray().Last()!["id"]!.GetValue<long>();
        Assert.That((await Admin().DeleteAsync($"/api/v1/admin/keys/{revokedId}")).IsSuccessStatusCode, Is.True);
        var forged = TestDatabase.AdminKey[..13] + "forged-secret-0123456789";

        var sink = new LogSink();
        using var logged = Factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .UseSetting("Logging:LogLevel:Indicators.Api.Infrastructure.Auth.ApiKeyAuthentication", "Trace")
            .ConfigureServices(s => s.AddLogging(l => l.AddProvider(sink))));
        HttpClient Caller(string key, bool asAuthorization = false)
        {
            var client = logged.CreateClient();
            if (asAuthorization) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + key);
            else client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }

        await Caller(TestDatabase.AdminKey).GetAsync("/api/v1/admin/keys");
        await Caller(TestDatabase.AdminKey, asAuthorization: true).PutAsync("/api/v1/indicators/TEST_RATE", JsonBody("{ broken"));
        await Caller(reporter).PutAsync("/api/v1/submissions/01/2025Q3", JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 90 } } }));
        await Caller(reporter).PostAsJsonAsync("/api/v1/admin/keys", new { name = "x", role = "admin" });
        await Caller(revoked).PostAsync("/api/v1/targets", JsonBody("{}"));
        await Caller(forged).DeleteAsync("/api/v1/targets/1");

        var messages = sink.Messages.ToList();
        Assert.That(messages, Has.Some.Contains("/api/v1/admin/keys"), "the requests were logged");
        Assert.That(messages, Has.Some.Contains("was not authenticated"), "the failed keys were logged, without their secret");
        foreach (var key in new[] { TestDatabase.AdminKey, reporter, revoked, forged })
        {
            var secret = key.Split('_', 3)[2];
            Assert.That(messages.Where(m => m.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"the secret of {key[..12]}… was logged");
            Assert.That(messages.Where(m => m.Contains(ApiKeys.Hash(key), StringComparison.OrdinalIgnoreCase)), Is.Empty, $"the hash of {key[..12]}… was logged");
        }
    }

    private sealed class LogSink : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}

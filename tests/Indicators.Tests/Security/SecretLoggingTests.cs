using System.Collections.Concurrent;
using System.Net.Http.Json;
using Indicators.Api.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Security;

/// <summary>API keys and their hashes never appear in the logs, at any level, whatever happens to the request.</summary>
public sealed class SecretLoggingTests : ApiTest
{
    [Test]
    public async Task Api_keys_never_reach_the_logs()
    {
        var reporter = await KeyAsync("reporter", "51@2025-07-01");
        var revoked = await KeyAsync("reader");
        var revokedId = (await Json(await Admin().GetAsync(ApiRoutes.Keys)))["items"]!.AsArray().Last()!["id"]!.GetValue<long>();
        Assert.That((await Admin().DeleteAsync(ApiRoutes.KeyUrl(revokedId))).IsSuccessStatusCode, Is.True);
        var forged = TestDatabase.AdminKey[..13] + "forged-secret-0123456789";

        var sink = new LogSink();
        using var logged = Factory.WithWebHostBuilder(b => b
            .UseSetting("Logging:LogLevel:Default", "Trace")
            .UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace")
            .UseSetting("Logging:LogLevel:Indicators.Api.Infrastructure.Auth.ApiKeyAuthentication", "Trace")
            .ConfigureServices(s => s.AddLogging(l => l.AddProvider(sink))));
        HttpClient Caller(string key, string? authorizationScheme = null)
        {
            var client = logged.CreateClient();
            if (authorizationScheme is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{authorizationScheme} {key}");
            else client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }

        await Caller(TestDatabase.AdminKey).GetAsync(ApiRoutes.Keys);
        await Caller(TestDatabase.AdminKey, "ApiKey").PutAsync(ApiRoutes.IndicatorUrl("TEST_RATE"), JsonBody("{ broken"));
        await Caller(reporter, "ApiToken").PostAsync(ApiRoutes.Dhis2DataValueSets, JsonBody("""{"dataValues":[{"dataElement":"BHYT_COVERAGE","period":"2025Q3","orgUnit":"01","value":"90"}]}"""));
        await Caller(forged, "ApiToken").PostAsync(ApiRoutes.Dhis2DataValueSets, JsonBody("""{"dataValues":[]}"""));
        await Caller(reporter).PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 90 } } }));
        await Caller(reporter).PostAsJsonAsync(ApiRoutes.Keys, new { name = "x", role = "admin" });
        await Caller(revoked).PostAsync(ApiRoutes.Targets, JsonBody("{}"));
        await Caller(forged).DeleteAsync(ApiRoutes.TargetUrl(1));

        var messages = sink.Messages.ToList();
        Assert.That(messages, Has.Some.Contains(ApiRoutes.Keys), "the requests were logged");
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

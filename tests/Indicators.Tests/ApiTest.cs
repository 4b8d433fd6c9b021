using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Indicators.Api.Storage;
using Microsoft.Extensions.DependencyInjection;
using Indicators.Api.Reporting;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests;

/// <summary>
/// Base of the HTTP tests: one in-memory service per fixture, and a database reset to the seeded template
/// before every test.
/// </summary>
public abstract class ApiTest
{
    private ApiFactory? _factory;

    protected ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Extra configuration for this fixture's service.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Replaces services of this fixture's service (after the service's own registrations).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    [OneTimeSetUp]
    public void StartService()
    {
        _factory = new ApiFactory(TestDatabase.Create(GetType().Name), Settings, ConfigureServices);
        _ = _factory.Services;
    }

    [SetUp]
    public void ResetDatabase()
    {
        Factory.Database.Restore();
        Factory.Services.GetRequiredService<UnitDirectory>().Invalidate();
        Factory.Services.GetRequiredService<CatalogDirectory>().Invalidate();
        Factory.Services.GetRequiredService<KeyDirectory>().Invalidate();
        Factory.Services.GetRequiredService<CategoryDirectory>().Invalidate();
        Factory.Services.GetRequiredService<Indicators.Api.Reporting.ValueIndexCache>().Invalidate();
    }

    [OneTimeTearDown]
    public void StopService()
    {
        _factory?.Dispose();
        TestDatabase.ClearPools();
    }

    protected HttpClient Client(string? key = null)
    {
        var client = Factory.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected HttpClient Admin() => Client(TestDatabase.AdminKey);

    /// <summary>Creates a key with the admin key and returns its secret.</summary>
    protected async Task<string> KeyAsync(string role, params string[] units)
    {
        var response = await Admin().PostAsJsonAsync(ApiRoutes.Keys, new { name = $"{role} test", role, units });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await Json(response))["key"]!.GetValue<string>();
    }

    protected static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new AssertionException("The body is empty.");

    protected static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    protected static StringContent JsonBody(object value) => JsonBody(JsonSerializer.Serialize(value, JsonSerializerOptions.Web));

    /// <summary>Asserts a problem response with the status and, when given, the <c>errors</c> keys.</summary>
    protected static async Task<JsonNode> AssertProblem(HttpResponseMessage response, HttpStatusCode status, params string[] errorKeys)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!;
        if (errorKeys.Length > 0)
        {
            var keys = problem["errors"]!.AsObject().Select(p => p.Key).ToList();
            Assert.That(keys, Is.SupersetOf(errorKeys), body);
        }
        return problem;
    }

    protected T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    /// <summary>
    /// <c>/health/ready</c> once the service is ready, as a probe would ask it: the first attainment index is built in the
    /// background after the start (and built again when the database is restored under it), so the first answers may be 503.
    /// </summary>
    protected async Task<HttpResponseMessage> ReadyAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await Client().GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK || waited.Elapsed > TimeSpan.FromSeconds(30)) return response;
            await Task.Delay(50);
        }
    }

    protected async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        await using var connection = await Service<Database>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql, parameters);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Indicators.Api.Features.Imports;
using Microsoft.Data.Sqlite;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Imports;

/// <summary>
/// The request body limits, on a real Kestrel server: the in-memory test server has no body size feature, so
/// only Kestrel shows that the routing middleware applies the endpoint's limit.
/// </summary>
public sealed class ImportBodyLimitTests
{
    private ApiFactory? _factory;

    [OneTimeSetUp]
    public void StartKestrel()
    {
        _factory = new ApiFactory(TestDatabase.Create(nameof(ImportBodyLimitTests)), new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        _factory.UseKestrel(0);
        _factory.StartServer();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _factory?.Dispose();
        TestDatabase.ClearPools();
    }

    /// <summary>
    /// Asks with <c>Expect: 100-continue</c>, as curl does for big bodies: the server answers the 413 before the body
    /// is sent, instead of closing the connection under a client that is still writing. The client waits for that
    /// answer as long as a loaded machine may take (its default of one second would start sending anyway).
    /// </summary>
    private HttpClient Admin()
    {
        var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { BaseAddress = _factory!.CreateClient().BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        client.DefaultRequestHeaders.ExpectContinue = true;
        client.Timeout = TimeSpan.FromMinutes(2);
        return client;
    }

    [Test]
    public async Task An_import_body_over_256_MB_is_a_413_problem()
    {
        using var response = await Admin().PostAsync(ApiRoutes.Imports, new RepeatedCsv(new global::Indicators.Api.Infrastructure.BodyLimitOptions().BulkBodyBytes + 1));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(JsonNode.Parse(body)!["title"]!.GetValue<string>(), Does.Contain("too large"));
    }

    [Test]
    public async Task A_data_value_set_over_256_MB_is_a_413_problem()
    {
        var content = new RepeatedCsv(new global::Indicators.Api.Infrastructure.BodyLimitOptions().BulkBodyBytes + 1);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Admin().PostAsync(ApiRoutes.DataValueSets, content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_import_limit_is_above_the_servers_default_of_30_MB_which_other_endpoints_keep()
    {
        const long size = 31L * 1024 * 1024;
        // Another write endpoint still refuses 31 MB …
        var target = new RepeatedCsv(size);
        target.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var refused = await Admin().PostAsync(ApiRoutes.Targets, target);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        // … while the import reads all of it: the answer is about the rows (the last one is cut off), not the size.
        using var read = await Admin().PostAsync(ApiRoutes.Imports + "?dryRun=true", new RepeatedCsv(size));
        var body = await read.Content.ReadAsStringAsync();
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(JsonNode.Parse(body)!["errors"]!.AsObject().Single().Value![0]!.GetValue<string>(), Does.Contain("fields"));
    }

    /// <summary>A CSV body of exactly the given length: the header, then the same row again and again, generated while it is sent.</summary>
    private sealed class RepeatedCsv : HttpContent
    {
        private static readonly byte[] Row = Encoding.UTF8.GetBytes("51@2025-07-01,2025Q3,BHYT_COVERAGE,94.4,,,\n");
        private readonly long _length;

        public RepeatedCsv(long length)
        {
            _length = length;
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var header = Encoding.UTF8.GetBytes(ImportRequests.Header + "\n");
            await stream.WriteAsync(header);
            var block = new byte[64 * 1024];
            for (var i = 0; i < block.Length; i++) block[i] = Row[i % Row.Length];
            for (var sent = (long)header.Length; sent < _length;)
            {
                var n = (int)Math.Min(block.Length, _length - sent);
                await stream.WriteAsync(block.AsMemory(0, n));
                sent += n;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}

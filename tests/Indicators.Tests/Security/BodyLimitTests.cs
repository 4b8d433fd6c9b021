using System.Net;
using System.Text;
using Indicators.Api.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Security;

/// <summary>Request bodies over the endpoint's limit are a 413 problem, whether announced by Content-Length or not.</summary>
public sealed class BodyLimitTests : ApiTest
{
    private static readonly string Url = ApiRoutes.IndicatorUrl("TEST_RATE");

    /// <summary>A valid indicator padded with spaces to <paramref name="size"/> bytes.</summary>
    private static byte[] Indicator(int size)
    {
        var json = """{"nameVi":"Chỉ số thử","nameEn":"Test rate","unit":"percent","direction":"higher","aggregation":"ratio","frequency":"yearly","decimals":1,"group":"outcomes"}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        return [.. bytes, .. Enumerable.Repeat((byte)' ', size - bytes.Length)];
    }

    private static ByteArrayContent Sized(int size)
    {
        var content = new ByteArrayContent(Indicator(size));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>Sent chunked: the server learns the size only by reading.</summary>
    private static StreamContent Chunked(int size)
    {
        var content = new StreamContent(new UnseekableStream(Indicator(size)));
        content.Headers.ContentType = new("application/json");
        Assert.That(content.Headers.ContentLength, Is.Null);
        return content;
    }

    [Test]
    public async Task A_body_within_the_default_limit_is_accepted()
    {
        Assert.That((await Admin().PutAsync(Url, Sized(1024 * 1024))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await Streaming().PutAsync(Url, Chunked(1024 * 1024))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_body_over_the_default_limit_is_a_413_problem()
    {
        await AssertProblem(await Admin().PutAsync(Url, Sized(1024 * 1024 + 1)), HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM indicators WHERE code = 'TEST_RATE'"), Is.Zero);
    }

    /// <summary>The test server's own client: the factory's default one buffers bodies (to follow redirects), which sets Content-Length.</summary>
    private HttpClient Streaming()
    {
        var client = Factory.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        return client;
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_a_413_problem()
    {
        await AssertProblem(await Streaming().PutAsync(Url, Chunked(2 * 1024 * 1024)), HttpStatusCode.RequestEntityTooLarge);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM indicators WHERE code = 'TEST_RATE'"), Is.Zero);
    }

    [Test]
    public async Task The_limit_applies_before_the_idempotency_key_reads_the_body()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Url) { Content = Chunked(2 * 1024 * 1024) };
        request.Headers.Add("Idempotency-Key", "big-one");
        await AssertProblem(await Streaming().SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>The convention other endpoints use: .WithBodyLimit(bytes) and .WithBulkBodyLimit() (Limits:BulkBodyBytes).</summary>
    [Test]
    public async Task Endpoints_declare_their_own_limit_through_metadata()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Limits:BodyBytes"] = "100";
        builder.Configuration["Limits:BulkBodyBytes"] = "1000";
        builder.Services.Configure<BodyLimitOptions>(builder.Configuration.GetSection(BodyLimitOptions.Section));
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        app.UseMiddleware<BodyLimitMiddleware>();
        app.MapPost("/json", async (HttpRequest r) => (await new StreamReader(r.Body).ReadToEndAsync()).Length);
        app.MapPost("/bulk", async (HttpRequest r) => (await new StreamReader(r.Body).ReadToEndAsync()).Length).WithBulkBodyLimit();
        app.MapPost("/ten", async (HttpRequest r) => (await new StreamReader(r.Body).ReadToEndAsync()).Length).WithBodyLimit(10);
        await app.StartAsync();
        var client = app.GetTestClient();

        async Task<HttpStatusCode> Post(string url, int size) => (await client.PostAsync(url, new ByteArrayContent(new byte[size]))).StatusCode;
        Assert.That(await Post("/json", 100), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Post("/json", 101), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await Post("/bulk", 1000), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Post("/bulk", 1001), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await Post("/ten", 11), Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    /// <summary>A body of unknown length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

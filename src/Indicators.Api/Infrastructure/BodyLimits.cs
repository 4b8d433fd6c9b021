using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure;

/// <summary>The <c>Limits</c> configuration section: request body sizes.</summary>
public sealed class BodyLimitOptions
{
    public const string Section = "Limits";

    /// <summary>The largest body of an endpoint that declares no limit of its own (JSON writes).</summary>
    public long BodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest body of a bulk endpoint (<see cref="BodyLimits.WithBulkBodyLimit{TBuilder}"/>); the imports' documented 256 MB.</summary>
    public long BulkBodyBytes { get; set; } = 256L * 1024 * 1024;
}

/// <summary>Endpoint metadata: the largest request body the endpoint accepts. Kestrel's routing honours it too.</summary>
public sealed record BodyLimit(long Bytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;
}

/// <summary>
/// Request bodies are size-limited per endpoint class (DESIGN §4). An endpoint without a declared limit takes
/// <c>Limits:BodyBytes</c>; bulk endpoints call <c>.WithBulkBodyLimit()</c> (<c>Limits:BulkBodyBytes</c>) and
/// others may call <c>.WithBodyLimit(bytes)</c>. Any <see cref="IRequestSizeLimitMetadata"/> counts (so does
/// <c>[RequestSizeLimit]</c>). A larger body is a 413 problem.
/// </summary>
public static class BodyLimits
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>The limit of bulk loads (imports, DHIS2 data value sets), read from configuration when endpoints are built.</summary>
    public static TBuilder WithBulkBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new BodyLimit(
            endpoint.ApplicationServices.GetRequiredService<IOptions<BodyLimitOptions>>().Value.BulkBodyBytes)));
        return builder;
    }
}

/// <summary>Applies the endpoint's body limit: at once from Content-Length, else while the body is read.</summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, IOptions<BodyLimitOptions> options)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        if ((declared is null ? options.Value.BodyBytes : declared.MaxRequestBodySize) is not { } limit)
        {
            await next(context);
            return;
        }
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = "The request body is too large.", Detail = TooLarge(limit) },
            });
            return;
        }
        // Kestrel enforces its own feature (and would otherwise cap bulk bodies at its 30 MB default); the counting
        // stream covers servers without it and bodies sent without Content-Length.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        await next(context);
    }

    internal static string TooLarge(long limit) => $"This endpoint accepts at most {limit:N0} bytes.";

    /// <summary>Fails the read that goes past the limit the way Kestrel does: a BadHttpRequestException with 413.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw new BadHttpRequestException(TooLarge(limit), StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Security.Cryptography;
using System.Text;
using Indicators.Api.Storage;
using Microsoft.Net.Http.Headers;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Conditional GET for reads: the ETag is derived from the data version (bumped by every write) and the URL,
/// so a client or BI tool that sends If-None-Match gets a 304 without the query being run again.
/// </summary>
public sealed class DataVersionETag(ValueIndexStore store, TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var version = await store.DataVersionAsync(http.RequestAborted);
        var request = http.Request;
        // Reports default asOf to today, so the same URL answers differently tomorrow: the date is part of the tag.
        var variant = request.Path + request.QueryString + "|" + request.Headers.Accept + "|" + request.Headers["X-Api-Key"].Count
            + "|" + DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(variant)))[..16].ToLowerInvariant();
        var etag = $"W/\"{version}-{hash}\"";

        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            http.Response.Headers.ETag = etag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var result = await next(context);
        if (!http.Response.Headers.ContainsKey(HeaderNames.ETag)) http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        return result;
    }
}

public static class DataVersionETagExtensions
{
    public static RouteHandlerBuilder WithDataVersionETag(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<DataVersionETag>().Produces(StatusCodes.Status304NotModified);
}

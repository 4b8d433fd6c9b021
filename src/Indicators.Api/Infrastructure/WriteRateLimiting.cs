using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Writes are rate-limited per caller (DESIGN §4): <c>RateLimiting:WritesPerMinute</c> (default 600, 0 turns it off)
/// per API key, or per client address for calls without a valid key. Reads are not limited. Over the limit is a 429
/// problem with Retry-After.
/// </summary>
public static class WriteRateLimiting
{
    public const int DefaultWritesPerMinute = 600;

    public static void AddWriteRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimiting:WritesPerMinute", DefaultWritesPerMinute);
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                perMinute <= 0 || IsRead(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter(Caller(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                var http = rejected.HttpContext;
                Operations.Telemetry.Refused("rate_limited");
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many writes.",
                        Detail = $"This key may make {perMinute} writes a minute; try again in {seconds} s.",
                    },
                });
            };
        });
    }

    private static bool IsRead(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    /// <summary>The API key (runs after authentication), or the client address for calls without a valid key.</summary>
    private static string Caller(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } keyId
            ? "key:" + keyId
            : "ip:" + context.Connection.RemoteIpAddress;
}

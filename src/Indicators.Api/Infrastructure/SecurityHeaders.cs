namespace Indicators.Api.Infrastructure;

/// <summary>
/// Hardening headers on every response, error pages included (they are added as the response starts, after the
/// exception handler has cleared the headers): no MIME sniffing, no referrer, no framing, and a Content-Security-Policy
/// that lets HTML pages (the dashboard, Swagger UI) load only their own scripts, styles and data.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Anything that is not a page (JSON, CSV, problems) has nothing to load and nobody to frame it.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            var isPage = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            headers.ContentSecurityPolicy = isPage ? PagePolicy : DataPolicy;
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}

using Indicators.Api.Infrastructure;

namespace Indicators.Api.Operations;

/// <summary>
/// Counts the values each write request changed, by path (<c>indicators.values.written</c>): the audit trail reports
/// its value entries to the request's tally, and the tally is recorded when a successful answer starts, so rolled-back
/// work is not counted.
/// </summary>
public sealed class WriteMetering(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            await next(context);
            return;
        }
        var write = Telemetry.BeginWrite(PathOf(context.Request.Path));
        // Recorded as the response starts, so a client that has its answer can count on the metric too.
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode < 400 && write.Tally.Values > 0) Telemetry.ValuesWrittenBy(write);
            return Task.CompletedTask;
        });
        await next(context);
    }

    /// <summary>The way values came in: submission, import, dhis2, fhir, or other.</summary>
    internal static string PathOf(PathString path) =>
        path.StartsWithSegments(ApiRoutes.Submissions) ? "submission"
        : path.StartsWithSegments(ApiRoutes.Imports) ? "import"
        : path.StartsWithSegments(ApiRoutes.DataValueSets) || path.StartsWithSegments(ApiRoutes.Dhis2DataValueSets) ? "dhis2"
        : path.StartsWithSegments(ApiRoutes.Fhir) ? "fhir"
        : "other";
}

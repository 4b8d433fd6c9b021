using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Infrastructure;

/// <summary>The ETag of a versioned record is its version: <c>"3"</c>. If-Match must name the current one.</summary>
public static class VersionETag
{
    public static string Of(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version an If-Match header names; null when the header is absent, -1 when it names none.</summary>
    public static int? FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) return null;
        var tag = header.Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"');
        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
    }

    /// <summary>The 428 of a change sent without If-Match.</summary>
    public static ProblemHttpResult Required(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.",
            detail: $"Send the ETag of the {what} you are changing (GET it first) as If-Match, so a concurrent change is not overwritten.");
}

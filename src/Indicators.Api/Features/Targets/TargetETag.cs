using System.Globalization;
using Indicators.Api.Domain;

namespace Indicators.Api.Features.Targets;

/// <summary>A target's ETag is its revision number: <c>"3"</c>. If-Match must name the current one.</summary>
public static class TargetETag
{
    public static string Of(Target target) => $"\"{target.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version an If-Match header names; null when the header is absent, -1 when it names none.</summary>
    public static int? FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) return null;
        var tag = header.Trim().Replace("W/", "", StringComparison.Ordinal).Trim('"');
        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
    }
}

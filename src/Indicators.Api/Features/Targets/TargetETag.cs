using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Targets;

/// <summary>A target's ETag is its revision number: <c>"3"</c>. If-Match must name the current one.</summary>
public static class TargetETag
{
    public static string Of(Target target) => VersionETag.Of(target.Version);

    /// <summary>The version an If-Match header names; null when the header is absent, -1 when it names none.</summary>
    public static int? FromIfMatch(HttpRequest request) => VersionETag.FromIfMatch(request);
}

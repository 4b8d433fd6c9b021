using Microsoft.AspNetCore.Mvc;

namespace Indicators.Api.Features.Imports;

/// <summary>The request body limit of the bulk loads.</summary>
public static class ImportLimits
{
    /// <summary>
    /// 256 MB: room for 500,000 rows as CSV (about 30 MB with short comments) or JSON (about 70 MB) with long
    /// comments to spare. Every other endpoint keeps the server's default of 30 MB.
    /// </summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    /// <summary>
    /// Sets the limit on an endpoint. The routing middleware applies <see cref="Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata"/>
    /// to the server's request body feature, so a bigger body fails with a 413 problem while it is read.
    /// </summary>
    public static RouteHandlerBuilder WithImportBodyLimit(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}

namespace Indicators.Api.Infrastructure;

/// <summary>Endpoint metadata for the OpenAPI document: a request header the endpoint reads.</summary>
public sealed record ReadsHeader(string Name, string Description, bool Required = false);

/// <summary>Endpoint metadata for the OpenAPI document: a header the endpoint sends with a status.</summary>
public sealed record SendsHeader(int Status, string Name, string Description);

/// <summary>Endpoint metadata for the OpenAPI document: a JSON body the endpoint reads when one is sent.</summary>
public sealed record OptionalJsonBody(Type Type);

/// <summary>The headers every part of the service shares.</summary>
public static class ApiHeaders
{
    public const string IfMatch = "If-Match";
    public const string ETag = "ETag";
    public const string IfNoneMatch = "If-None-Match";
    public const string NextCursor = "X-Next-Cursor";
    public const string RetryAfter = "Retry-After";
}

namespace Indicators.Api.Features.Admin;

/// <summary>An API key as listed: never the secret, only its prefix for identification.</summary>
public sealed record KeyResponse
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required IReadOnlyList<string> Units { get; init; }
    public required string Prefix { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>The answer to creating a key: the only time the secret <c>key</c> is shown.</summary>
public sealed record CreatedKeyResponse(long Id, string Name, string Role, IReadOnlyList<string> Units, string Prefix, string Key);

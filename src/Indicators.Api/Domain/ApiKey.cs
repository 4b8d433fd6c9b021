namespace Indicators.Api.Domain;

/// <summary>An API key as stored: never its secret, only the prefix that names it and the hash that checks it.</summary>
public sealed record ApiKey(long Id, string Name, string Role, string Prefix, IReadOnlyList<string> Units, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>What revoking a key did.</summary>
public enum KeyRevocation { Revoked, NotFound, LastAdmin }

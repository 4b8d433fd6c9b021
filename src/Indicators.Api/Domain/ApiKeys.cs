using System.Security.Cryptography;
using System.Text;

namespace Indicators.Api.Domain;

/// <summary>The roles a key can hold (DESIGN §4).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Approver = "approver";
    public const string Reporter = "reporter";
    public const string Reader = "reader";

    public static readonly string[] All = [Admin, Approver, Reporter, Reader];
}

/// <summary>
/// Key format: <c>ind_&lt;prefix&gt;_&lt;secret&gt;</c>. The prefix (8 hex characters) identifies a key in lists and
/// logs; only the SHA-256 of the whole key is stored, and hashes are compared in constant time.
/// </summary>
public static class ApiKeys
{
    public static (string Key, string Prefix) Generate()
    {
        var prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B').TrimEnd('=');
        return ($"ind_{prefix}_{secret}", prefix);
    }

    /// <summary>The prefix of a well-formed key, or null.</summary>
    public static string? PrefixOf(string key)
    {
        var parts = key.Split('_', 3);
        return parts.Length == 3 && parts[0] == "ind" && parts[1].Length == 8 && parts[1].All(char.IsAsciiHexDigit) && parts[2].Length >= 16 ? parts[1] : null;
    }

    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));
}

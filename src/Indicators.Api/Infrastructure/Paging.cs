using System.Buffers.Text;
using System.Text;

namespace Indicators.Api.Infrastructure;

/// <summary>The envelope of every list: <c>{ "items": [...], "nextCursor": null }</c>.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset pagination. A cursor is the opaque, URL-safe encoding of the last key of the previous page; the
/// next page starts after it, so pages stay stable while rows are added elsewhere.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10000;

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    public static bool TryDecode(string? cursor, out string? lastKey)
    {
        lastKey = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        try
        {
            lastKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Cuts the one extra row a query fetched to learn whether another page follows.</summary>
    public static ListResponse<T> Page<T>(IReadOnlyList<T> rows, int take, Func<T, string> key) =>
        rows.Count > take
            ? new ListResponse<T>(rows.Take(take).ToList(), Encode(key(rows[take - 1])))
            : new ListResponse<T>(rows, null);
}

namespace Indicators.Api.Storage;

/// <summary>
/// One read of the data version per read request: the ETag, the index's cache key and the rows of a report all come
/// from the same version, and the database is asked once. A write request reads afresh, as its own write moves the version.
/// </summary>
public static class DataVersionSnapshot
{
    private static readonly AsyncLocal<Holder?> Current = new();

    private sealed class Holder
    {
        public long? Version;
    }

    /// <summary>Starts the snapshot of a read request; the version is read on first use and kept for the rest of the request.</summary>
    public static void Begin() => Current.Value = new Holder();

    internal static long? Taken => Current.Value?.Version;

    internal static void Take(long version)
    {
        if (Current.Value is { } holder) holder.Version ??= version;
    }
}

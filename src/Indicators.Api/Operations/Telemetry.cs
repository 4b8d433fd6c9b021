using System.Diagnostics;
using System.Diagnostics.Metrics;
using Indicators.Api.Storage;
using Indicators.Api.Reporting;

namespace Indicators.Api.Operations;

/// <summary>
/// The service's own meter and activity source, named <see cref="Name"/>. Static, so that the data layer's static
/// helpers record without being handed a service; with no exporter configured nothing listens and a measurement
/// costs next to nothing.
/// </summary>
public static class Telemetry
{
    public const string Name = StorageTelemetry.Name;

    public static readonly ActivitySource Source = StorageTelemetry.Source;

    private static readonly Meter Meter = new(Name);

    private static readonly InstrumentAdvice<double> Seconds = StorageTelemetry.Seconds;

    private static readonly Counter<long> ValuesWritten = Meter.CreateCounter<long>("indicators.values.written", "{value}",
        "Values created, updated or deleted by requests that succeeded, by path: submission, import, dhis2, fhir, other.");

    private static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>("indicators.import.rows.rejected", "{row}",
        "Rows of bulk loads refused (invalid, out of scope, approved, correction without a reason), by path: import, dhis2.");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("indicators.http.refused", "{request}",
        "Requests answered 429 or 503 by the service, by reason: rate_limited, database_busy, database_unavailable.");

    private static readonly Histogram<double> IndexBuildDuration = Meter.CreateHistogram("indicators.attainment.index.build.duration", "s",
        "Builds of the attainment value index, by kind: full (every value read) or incremental (the audited changes applied).", advice: Seconds);

    private static readonly Gauge<long> IndexValues = Meter.CreateGauge<long>("indicators.attainment.index.values", "{value}",
        "Reported values held by the last attainment index built.");

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>("indicators.cache.lookups", "{lookup}",
        "Lookups of the attainment index of the current data version, by result: hit or miss (a build).");

    /// <summary>The write request running on this async flow; set by <see cref="WriteMetering"/>.</summary>
    private static readonly AsyncLocal<WriteRequest?> CurrentWrite = new();

    /// <summary>Starts counting the values changed by a write request on this async flow.</summary>
    internal static WriteRequest BeginWrite(string path) => CurrentWrite.Value = new WriteRequest(path);

    internal static void ValuesWrittenBy(WriteRequest write) =>
        ValuesWritten.Add(write.Tally.Values, new KeyValuePair<string, object?>("path", write.Path));

    public static void RowsRejectedByImport(int count)
    {
        if (count > 0) RowsRejected.Add(count, new KeyValuePair<string, object?>("path", CurrentWrite.Value?.Path ?? "other"));
    }

    /// <param name="reason">rate_limited, database_busy or database_unavailable.</param>
    public static void Refused(string reason) => Refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void IndexLookup(bool hit) => CacheLookups.Add(1,
        new KeyValuePair<string, object?>("cache", "attainment_index"), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>Times one build of the attainment index, as a span and in the build histogram.</summary>
    public static IndexBuild StartIndexBuild() => new(Source.StartActivity("attainment index build"), Stopwatch.GetTimestamp());

    public sealed class IndexBuild(Activity? activity, long started) : IDisposable
    {
        /// <returns><paramref name="index"/>, so a build returns through here.</returns>
        public ValueIndex Done(ValueIndex index, bool incremental)
        {
            var values = index.ReportedValueCount;
            var kind = new KeyValuePair<string, object?>("kind", incremental ? "incremental" : "full");
            IndexBuildDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
            IndexValues.Record(values);
            activity?.SetTag("indicators.index.kind", kind.Value).SetTag("indicators.index.values", values);
            return index;
        }

        public void Dispose() => activity?.Dispose();
    }

    /// <summary>A write request: its path and the values its committed writes changed.</summary>
    internal sealed class WriteRequest(string path)
    {
        public string Path { get; } = path;

        /// <summary>The values the audit trail recorded for this request.</summary>
        public AuditTally Tally { get; } = StorageTelemetry.BeginTally();
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Indicators.Api.Features.Attainment;

namespace Indicators.Api.Operations;

/// <summary>
/// The service's own meter and activity source, named <see cref="Name"/>. Static, so that the data layer's static
/// helpers record without being handed a service; with no exporter configured nothing listens and a measurement
/// costs next to nothing.
/// </summary>
public static class Telemetry
{
    public const string Name = "Indicators.Api";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Seconds, from a millisecond to half a minute: database waits and index builds.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private static readonly Counter<long> ValuesWritten = Meter.CreateCounter<long>("indicators.values.written", "{value}",
        "Values created, updated or deleted by requests that succeeded, by path: submission, import, dhis2, fhir, other.");

    private static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>("indicators.import.rows.rejected", "{row}",
        "Rows of bulk loads refused (invalid, out of scope, approved, correction without a reason), by path: import, dhis2.");

    private static readonly Histogram<double> WriteGateWait = Meter.CreateHistogram("indicators.db.write_gate.wait", "s",
        "Time a write waited for this instance's SQLite write gate; outcome=timeout when it gave up.", advice: Seconds);

    private static readonly Counter<long> WriteRetries = Meter.CreateCounter<long>("indicators.db.write.retries", "{retry}",
        "Writes tried again because the database was busy or locked.");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("indicators.http.refused", "{request}",
        "Requests answered 429 or 503 by the service, by reason: rate_limited, database_busy, database_unavailable.");

    private static readonly Histogram<double> IndexBuildDuration = Meter.CreateHistogram("indicators.attainment.index.build.duration", "s",
        "Builds of the attainment value index, by kind: full (every value read) or incremental (the audited changes applied).", advice: Seconds);

    private static readonly Gauge<long> IndexValues = Meter.CreateGauge<long>("indicators.attainment.index.values", "{value}",
        "Reported values held by the last attainment index built.");

    private static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>("indicators.cache.lookups", "{lookup}",
        "Lookups of the attainment index of the current data version, by result: hit or miss (a build).");

    private static readonly Gauge<long> DataVersion = Meter.CreateGauge<long>("indicators.data.version", "{version}",
        "The data version last read from the database; every write bumps it.");

    /// <summary>The write request running on this async flow; set by <see cref="WriteMetering"/>.</summary>
    private static readonly AsyncLocal<WriteRequest?> CurrentWrite = new();

    /// <summary>Starts counting the values changed by a write request on this async flow.</summary>
    internal static WriteRequest BeginWrite(string path) => CurrentWrite.Value = new WriteRequest(path);

    /// <summary>Called by the audit trail for every batch it records: the value entries are the values written.</summary>
    public static void ValuesAudited(int count)
    {
        if (count > 0 && CurrentWrite.Value is { } write) Interlocked.Add(ref write.Values, count);
    }

    internal static void ValuesWrittenBy(WriteRequest write) =>
        ValuesWritten.Add(write.Values, new KeyValuePair<string, object?>("path", write.Path));

    public static void RowsRejectedByImport(int count)
    {
        if (count > 0) RowsRejected.Add(count, new KeyValuePair<string, object?>("path", CurrentWrite.Value?.Path ?? "other"));
    }

    public static void WriteGateWaited(TimeSpan waited, bool entered) =>
        WriteGateWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("outcome", entered ? "entered" : "timeout"));

    public static void WriteRetried(Activity? activity, Exception busy)
    {
        WriteRetries.Add(1);
        activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["exception.message"] = busy.Message }));
    }

    /// <param name="reason">rate_limited, database_busy or database_unavailable.</param>
    public static void Refused(string reason) => Refusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void IndexLookup(bool hit) => CacheLookups.Add(1,
        new KeyValuePair<string, object?>("cache", "attainment_index"), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public static void DataVersionRead(long version) => DataVersion.Record(version);

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

        public long Values;
    }
}

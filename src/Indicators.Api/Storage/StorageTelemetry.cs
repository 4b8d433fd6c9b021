using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Indicators.Api.Storage;

/// <summary>
/// The storage layer's meters and spans. They carry the service's meter and source name, so the telemetry setup, which
/// subscribes by that name, exports them with the others, and storage records without depending on anything above it.
/// </summary>
public static class StorageTelemetry
{
    public const string Name = "Indicators.Api";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Seconds, from a millisecond to half a minute: database waits and index builds.</summary>
    public static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    private static readonly Histogram<double> WriteGateWait = Meter.CreateHistogram("indicators.db.write_gate.wait", "s",
        "Time a write waited for this instance's SQLite write gate; outcome=timeout when it gave up.", advice: Seconds);

    private static readonly Counter<long> WriteRetries = Meter.CreateCounter<long>("indicators.db.write.retries", "{retry}",
        "Writes tried again because the database was busy or locked.");

    private static readonly Histogram<double> Checkpoint = Meter.CreateHistogram("indicators.db.checkpoint.duration", "s",
        "Time a background copy of SQLite's write-ahead log into the database file took; outcome=failed when it did not run.", advice: Seconds);

    private static readonly Gauge<long> DataVersion = Meter.CreateGauge<long>("indicators.data.version", "{version}",
        "The data version last read from the database; every write bumps it.");

    /// <summary>The tally of the write running on this async flow, if one counts.</summary>
    private static readonly AsyncLocal<AuditTally?> CurrentTally = new();

    /// <summary>Starts counting the values the audit trail records on this async flow.</summary>
    internal static AuditTally BeginTally() => CurrentTally.Value = new AuditTally();

    internal static void ValuesAudited(int count)
    {
        if (count > 0 && CurrentTally.Value is { } tally) Interlocked.Add(ref tally.Values, count);
    }

    internal static void WriteGateWaited(TimeSpan waited, bool entered) =>
        WriteGateWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("outcome", entered ? "entered" : "timeout"));

    internal static void WriteRetried(Activity? activity, Exception busy)
    {
        WriteRetries.Add(1);
        activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["exception.message"] = busy.Message }));
    }

    internal static void Checkpointed(TimeSpan took, bool done) =>
        Checkpoint.Record(took.TotalSeconds, new KeyValuePair<string, object?>("outcome", done ? "done" : "failed"));

    internal static void DataVersionRead(long version) => DataVersion.Record(version);
}

/// <summary>The values a write audited; rolled-back attempts count too, so read it only once the write succeeded.</summary>
internal sealed class AuditTally
{
    public long Values;
}

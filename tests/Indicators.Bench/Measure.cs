using System.Diagnostics;
using System.Net;

namespace Indicators.Bench;

internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return 0;
        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Samples the process's working set every 20 ms and keeps the peak of each named phase.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _peaks = new(StringComparer.Ordinal);
    private volatile bool _stop;
    private string? _phase;

    public MemorySampler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "bench memory sampler" };
        _thread.Start();
    }

    public void Begin(string phase)
    {
        lock (_gate) _phase = phase;
        Sample();
    }

    /// <returns>The peak working set of the phase, in MB.</returns>
    public double End()
    {
        Sample();
        lock (_gate)
        {
            var peak = _phase is null ? 0 : _peaks.GetValueOrDefault(_phase);
            _phase = null;
            return peak / 1024.0 / 1024.0;
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            Sample();
            Thread.Sleep(20);
        }
    }

    private void Sample()
    {
        var ws = Environment.WorkingSet;
        lock (_gate)
        {
            if (_phase is not null && ws > _peaks.GetValueOrDefault(_phase)) _peaks[_phase] = ws;
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

/// <summary>The outcome of a closed-loop load: requests per second, the median of ten equal windows.</summary>
internal sealed record LoadResult(double MedianRps, double MeanRps, long Requests, long Errors);

internal static class Load
{
    /// <summary>
    /// <paramref name="clients"/> loops, each sending the next GET as soon as the last body was read, for
    /// <paramref name="duration"/> (and at most a bounded number of requests per loop). Only answers with
    /// <paramref name="expected"/> count; anything else is an error.
    /// </summary>
    public static async Task<LoadResult> RunAsync(HttpClient client, string path, string? ifNoneMatch, HttpStatusCode expected, int clients, TimeSpan duration)
    {
        const int windows = 10;
        const long maxRequestsPerClient = 2_000_000;
        var counts = new long[windows];
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, clients).Select(async _ =>
        {
            var buffer = new byte[64 * 1024];
            for (long n = 0; n < maxRequestsPerClient && clock.Elapsed < duration; n++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await using (var body = await response.Content.ReadAsStreamAsync())
                {
                    while (await body.ReadAsync(buffer) > 0) { }
                }
                var at = clock.Elapsed;
                if (response.StatusCode != expected) Interlocked.Increment(ref errors);
                else if (at < duration) Interlocked.Increment(ref counts[(int)(at / duration * windows)]);
            }
        }).ToList();
        await Task.WhenAll(loops);
        var window = duration.TotalSeconds / windows;
        var total = counts.Sum();
        return new LoadResult(Stats.Median(counts.Select(c => c / window).ToList()), total / duration.TotalSeconds, total, errors);
    }
}

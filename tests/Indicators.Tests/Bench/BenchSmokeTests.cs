using System.Diagnostics;
using System.Text.Json.Nodes;
using Indicators.Bench;

namespace Indicators.Tests.Bench;

/// <summary>
/// Runs the benchmark at its <c>--quick</c> size in-process, so it keeps building and running as the service changes.
/// The full benchmark is not part of the test run: <c>dotnet run -c Release --project tests/Indicators.Bench</c>.
/// On a run against PostgreSQL (<c>INDICATORS_TEST_POSTGRES</c>) it runs on that server.
/// </summary>
public sealed class BenchSmokeTests
{
    private static readonly string[] Positive =
    [
        "importValuesPerSec", "importLimitValuesPerSec", "importRatio", "importJsonValuesPerSec",
        "provinceAttainmentMs", "provinceAttainmentCachedMs", "communeAttainmentMs", "communeAttainmentCachedMs", "attainmentLimitMs",
        "readRps", "readLimitRps", "readRatio", "read304Rps", "listPages", "listPageMedianMs", "listUnitMs", "peakWorkingSetMb", "peakWorkingSetAttainmentMb", "peakWorkingSetReadMb", "values", "units",
    ];

    [Test]
    [CancelAfter(120_000)]
    public async Task The_quick_benchmark_writes_positive_figures()
    {
        var path = Path.Combine(TestDatabase.Folder, "bench-quick.json");
        string[] provider = TestDatabase.Postgres is { } server ? ["--provider", "postgres", "--postgres", server] : [];
        var clock = Stopwatch.StartNew();
        await Benchmark.RunAsync(["--quick", "--json", path, .. provider], TextWriter.Null);
        clock.Stop();

        var figures = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.Multiple(() =>
        {
            foreach (var key in Positive)
            {
                Assert.That(figures[key]?.GetValue<double>(), Is.GreaterThan(0), key);
            }
            Assert.That(figures["values"]!.GetValue<long>(), Is.EqualTo(248), "2 quarters × (30 communes × 4 indicators + 2 provinces × 2 quarterly indicators)");
            Assert.That(figures["communeRows"]!.GetValue<int>(), Is.EqualTo(30 * 4 + 3321),
                "one commune row per commune target, and one per commune for the national 2030 immunisation target, which cascades to communes");
            // Per value a difference of two heap sizes: meaningful at scale, noise on a few hundred values, but always written.
            Assert.That(figures["heapBytesPerValue"]?.GetValue<double>(), Is.Not.Null);
            Assert.That(figures["provider"]!.GetValue<string>(), Is.EqualTo(TestDatabase.IsPostgres ? "postgres" : "sqlite"));
            // On PostgreSQL the service migrates and seeds a new database, and each copy is a CREATE DATABASE: seconds, not milliseconds.
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(TestDatabase.IsPostgres ? 120 : 45)));
        });
    }
}

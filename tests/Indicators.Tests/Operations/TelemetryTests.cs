using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Indicators.Api.Operations;
using Indicators.Tests.Reliability;
using Microsoft.AspNetCore.Hosting;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary>
/// The Prometheus endpoint, enabled on the service's port (admin key), after a few requests of each kind: the service's own
/// meters and ASP.NET Core's HTTP meter have the values those requests imply.
/// </summary>
public sealed partial class TelemetryTests : ApiTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" };

    [Test]
    public async Task The_scrape_endpoint_shows_the_services_own_meters_with_the_values_of_the_requests_made()
    {
        // A service of its own, so the rate limiter's window starts empty.
        using var service = Factory.WithWebHostBuilder(b => b.UseSetting("RateLimiting:WritesPerMinute", "3"));
        var admin = service.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        async Task<string> ScrapeAsync()
        {
            var response = await admin.GetAsync("/metrics");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return await response.Content.ReadAsStringAsync();
        }

        Assert.That((await admin.GetAsync(ApiRoutes.Attainment + "?year=2025")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var before = await ScrapeAsync();

        var submission = await admin.PutAsync(ApiRoutes.SubmissionUrl("01", "2025Q3"), JsonBody(new { values = new object[]
        {
            new { indicator = "BHYT_COVERAGE", value = 91.5 },
            new { indicator = "EPI_FULL_IMMUNIZATION", value = 96.5 },
        }, submit = true }));
        Assert.That(submission.StatusCode, Is.EqualTo(HttpStatusCode.OK), await submission.Content.ReadAsStringAsync());
        var import = await admin.PostAsync(ApiRoutes.Imports + "?atomic=false", JsonBody(new { rows = new object[]
        {
            new { unit = "01", period = "2025Q2", indicator = "BHYT_COVERAGE", value = 90 },
            new { unit = "01", period = "2025Q2", indicator = "NO_SUCH_INDICATOR", value = 1 },
        } }));
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.OK), await import.Content.ReadAsStringAsync());
        var dhis2 = await admin.PostAsync(ApiRoutes.DataValueSets, JsonBody(new { dataValues = new[]
        {
            new { dataElement = "BHYT_COVERAGE", period = "2025Q3", orgUnit = "04", value = "89.5" },
        } }));
        Assert.That(dhis2.StatusCode, Is.EqualTo(HttpStatusCode.OK), await dhis2.Content.ReadAsStringAsync());
        Assert.That((await admin.PutAsync(ApiRoutes.SubmissionUrl("06", "2025Q3"), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 88 } } }))).StatusCode,
            Is.EqualTo(HttpStatusCode.TooManyRequests), "the fourth write of the minute");
        Assert.That((await admin.GetAsync(ApiRoutes.Attainment + "?year=2025")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.GetAsync(ApiRoutes.Attainment + "?year=2030")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var after = await ScrapeAsync();
        double Delta(string metric, params string[] labels) => Sum(after, metric, labels) - Sum(before, metric, labels);
        Assert.Multiple(() =>
        {
            Assert.That(Delta("indicators_values_written_total", "path=\"submission\""), Is.EqualTo(2));
            Assert.That(Delta("indicators_values_written_total", "path=\"import\""), Is.EqualTo(1));
            Assert.That(Delta("indicators_values_written_total", "path=\"dhis2\""), Is.EqualTo(1));
            Assert.That(Delta("indicators_import_rows_rejected_total", "path=\"import\""), Is.EqualTo(1));
            Assert.That(Delta("indicators_http_refused_total", "reason=\"rate_limited\""), Is.EqualTo(1));
            // The write gate queues the writers of a SQLite file; a server engine queues them itself.
            if (!TestDatabase.IsPostgres)
            {
                Assert.That(Delta("indicators_db_write_gate_wait_seconds_count", "outcome=\"entered\""), Is.GreaterThanOrEqualTo(1), "the submission went through the write gate");
                Assert.That(Sum(after, "indicators_db_write_gate_wait_seconds_sum"), Is.LessThan(1), "nothing else was writing");
            }
            Assert.That(Delta("indicators_attainment_index_build_duration_seconds_count", "kind=\"incremental\""), Is.EqualTo(1), "one build for the new version");
            Assert.That(Sum(after, "indicators_attainment_index_values"), Is.GreaterThanOrEqualTo(4), "the values just written");
            Assert.That(Delta("indicators_cache_lookups_total", "result=\"miss\""), Is.EqualTo(1));
            Assert.That(Delta("indicators_cache_lookups_total", "result=\"hit\""), Is.GreaterThanOrEqualTo(1), "the second report of the version");
            Assert.That(Sum(after, "indicators_data_version"), Is.GreaterThan(Sum(before, "indicators_data_version")), "writes bump the version");
            Assert.That(Delta("http_server_request_duration_seconds_count", $"http_route=\"{ApiRoutes.Attainment}\"", "http_response_status_code=\"200\""), Is.EqualTo(2));
            Assert.That(Delta("http_server_request_duration_seconds_count", "http_response_status_code=\"429\""), Is.EqualTo(1));
        });
        TestContext.Out.WriteLine(string.Join("\n", after.Split('\n').Where(l => (l.StartsWith("indicators_", StringComparison.Ordinal) || l.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal)) && !l.Contains("_bucket", StringComparison.Ordinal))));
    }

    [Test]
    public async Task On_the_services_port_the_scrape_endpoint_needs_an_admin_key()
    {
        Assert.That((await Client().GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await Client(await KeyAsync("reader")).GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Without_configuration_there_is_no_scrape_endpoint()
    {
        using var plain = Factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:Prometheus:Enabled", "false"));
        var client = plain.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", TestDatabase.AdminKey);
        Assert.That((await client.GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_write_is_traced_from_the_request_to_the_database()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is Telemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        // The listener hears every fixture of the run: each request carries a trace of its own, to tell its activities apart.
        var (writeTrace, readTrace) = (ActivityTraceId.CreateRandom(), ActivityTraceId.CreateRandom());
        HttpRequestMessage Traced(HttpMethod method, string url, ActivityTraceId trace)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
            return request;
        }
        var save = Traced(HttpMethod.Put, ApiRoutes.SubmissionUrl("01", "2025Q3"), writeTrace);
        save.Content = JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 91.5 } } });
        var response = await Admin().SendAsync(save);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Admin().SendAsync(Traced(HttpMethod.Get, ApiRoutes.Attainment + "?year=2025", readTrace));

        lock (activities)
        {
            var write = activities.Single(a => a.OperationName == "database write" && a.TraceId == writeTrace);
            var build = activities.Single(a => a.OperationName == "attainment index build" && a.TraceId == readTrace);
            Assert.That(write.Parent?.OperationName, Is.EqualTo("Microsoft.AspNetCore.Hosting.HttpRequestIn"));
            Assert.That(build.Parent?.OperationName, Is.EqualTo("Microsoft.AspNetCore.Hosting.HttpRequestIn"));
            Assert.That(build.Parent, Is.Not.SameAs(write.Parent), "each under its own request");
            Assert.That(build.GetTagItem("indicators.index.kind"), Is.EqualTo("full"));
        }
    }

    /// <summary>With a management port the endpoint is served there, without a key, and not on the service's port.</summary>
    [Test]
    public async Task On_a_management_port_the_scrape_endpoint_is_there_only()
    {
        var port = ServiceProcess.FreePort();
        await using var service = await ServiceProcess.StartAsync(Factory.Database,
            "--Telemetry:Prometheus:Enabled=true", $"--Telemetry:Prometheus:Port={port}");
        Assert.That((await service.Client(TestDatabase.AdminKey).GetAsync("/metrics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var scrape = await management.GetAsync("/metrics");
        Assert.That(scrape.StatusCode, Is.EqualTo(HttpStatusCode.OK), service.Output);
        Assert.That(await scrape.Content.ReadAsStringAsync(), Does.Contain("indicators_data_version"));
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sum(string scrape, string metric, params string[] labels) =>
        Sample().Matches(scrape)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>.*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

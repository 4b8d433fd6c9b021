using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Indicators.Bench;

/// <summary>How big and how long: the national dataset by default, <c>--quick</c> for the smoke test.</summary>
internal sealed record BenchOptions(int Scale, bool Quick, string? JsonPath, int Repetitions, TimeSpan ReadDuration, int Clients, IReadOnlySet<string> Phases,
    string Provider, string? Postgres)
{
    public static readonly string[] AllPhases = ["import", "attainment", "reads"];
    public const string PostgresVariable = "INDICATORS_BENCH_POSTGRES";

    public int Quarters => Quick ? 2 : 8 * Scale;
    public int ChunkRows => Quick ? 100 : 50_000;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        int scale = 1, clients = 32;
        int? reps = null;
        double? seconds = null;
        var quick = false;
        string? json = null, postgres = null;
        var provider = "sqlite";
        var phases = new HashSet<string>(BenchOptions.AllPhases, StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--scale": scale = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--quick": quick = true; break;
                case "--json": json = Next(); break;
                case "--reps": reps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--read-seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--only": phases = Next().Split(',').ToHashSet(StringComparer.Ordinal); break;
                case "--provider": provider = Next(); break;
                case "--postgres": postgres = Next(); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Use --scale N, --quick, --json FILE, --reps N, --read-seconds S, --clients N, --only import,attainment,reads, --provider sqlite|postgres, --postgres CONNECTION.");
            }
        }
        if (scale is < 1 or > 16) throw new ArgumentException("--scale must be between 1 and 16.");
        reps ??= quick ? 3 : 5;
        if (reps is < 1 or > 100) throw new ArgumentException("--reps must be between 1 and 100.");
        if (!phases.IsSubsetOf(BenchOptions.AllPhases)) throw new ArgumentException($"--only takes {string.Join(',', BenchOptions.AllPhases)}.");
        if (clients is < 1 or > 256) throw new ArgumentException("--clients must be between 1 and 256.");
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider takes sqlite or postgres.");
        postgres ??= Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } variable ? variable : null;
        if (provider == "postgres" && postgres is null)
        {
            throw new ArgumentException($"--provider postgres needs --postgres \"Host=…;Username=…;Password=…;Database=postgres\" or {PostgresVariable}.");
        }
        var duration = TimeSpan.FromSeconds(Math.Clamp(seconds ?? (quick ? 1 : 10), 0.1, 120));
        return new BenchOptions(scale, quick, json, reps.Value, duration, clients, phases, provider, provider == "postgres" ? postgres : null);
    }
}

/// <summary>
/// The performance benchmark of the service (issue "Performance"): bulk import, attainment and read throughput,
/// each against a limit measured on the same machine, and the peak working set of the process hosting the service.
/// </summary>
public static class Benchmark
{
    internal const string Source = "Bench: synthetic target (not a real document)";

    /// <summary>Runs the benchmark; returns the figures as the JSON object it writes with <c>--json</c>.</summary>
    public static async Task<JsonObject> RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var options = BenchOptions.Parse(args);
        var total = Stopwatch.StartNew();
        void Log(string message) => output.WriteLine($"[{total.Elapsed.TotalSeconds,7:F1}s] {message}");

        // Declared before the host, so disposed after it: it removes the run's databases.
        using var database = BenchDatabase.Create(options);
        const string live = "live", template = "template";
        var today = Dataset.PeriodEnd(Dataset.QuarterAt(options.Quarters - 1)).AddDays(45);
        await using var host = await BenchHost.StartAsync(database, live, today);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(10) };
        Log($"service on {host.Address} (Production, {database.Provider}), today = {today:yyyy-MM-dd}, server GC = {System.Runtime.GCSettings.IsServerGC}");

        var data = await LoadDatasetAsync(http, options);
        var targets = database.InsertTargets(live, data);
        database.Copy(live, template);
        Log($"dataset: {data.Provinces.Count} provinces, {data.Communes.Count} communes, {data.Indicators.Count} indicators, "
            + $"{data.Periods.Count} quarters ({data.Periods[0]}–{data.Periods[^1]}), {data.RowCount:N0} values, {targets:N0} targets");

        using var memory = new MemorySampler();
        var figures = new JsonObject();
        using var bench = new Runner(host, database, http, data, template, options, Log, memory, figures);
        if (options.Phases.Contains("import"))
        {
            await bench.ImportAsync();
            bench.ImportLimit();
        }
        else
        {
            // Without the import phase the values go straight into the database (no audit trail), for the later phases.
            host.RestoreFrom(template);
            database.InsertStraight(live, data, audit: false);
            host.Invalidate();
            Log("values inserted straight (import not measured)");
        }
        if (options.Phases.Contains("attainment")) await bench.AttainmentAsync();
        if (options.Phases.Contains("reads")) await bench.ReadsAsync();

        figures["provider"] = database.Provider;
        figures["values"] = data.RowCount;
        figures["units"] = data.Units.Count;
        figures["indicators"] = data.Indicators.Count;
        figures["quarters"] = data.Periods.Count;
        figures["targets"] = targets;
        figures["scale"] = options.Scale;
        figures["quick"] = options.Quick;
        figures["repetitions"] = options.Repetitions;
        figures["processorCount"] = Environment.ProcessorCount;
        figures["serverGc"] = System.Runtime.GCSettings.IsServerGC;
        figures["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        figures["totalSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);

        output.WriteLine();
        output.Write(Table(figures));
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Log($"figures written to {options.JsonPath}");
        }
        return figures;
    }

    /// <summary>The units and the catalog, read through the API, cut to the size asked for.</summary>
    private static async Task<Dataset> LoadDatasetAsync(HttpClient http, BenchOptions options)
    {
        async Task<JsonArray> Items(string path)
        {
            var body = JsonNode.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)))!;
            if (body["nextCursor"] is not null) throw new InvalidOperationException($"{path} has more than one page.");
            return body["items"]!.AsArray();
        }
        static BenchUnit Unit(JsonNode u) => new(u["id"]!.GetValue<string>(), u["level"]!.GetValue<string>(), u["parentId"]?.GetValue<string>());

        var provinces = (await Items("api/v1/units?level=province&limit=10000")).Select(u => Unit(u!)).ToList();
        var communes = (await Items("api/v1/units?level=commune&limit=10000")).Select(u => Unit(u!)).ToList();
        var catalog = (await Items("api/v1/indicators?limit=1000")).Select(i => new BenchIndicator(
            i!["code"]!.GetValue<string>(), i["unit"]!.GetValue<string>(), i["factor"]!.GetValue<decimal>(), i["direction"]!.GetValue<string>(),
            i["frequency"]!.GetValue<string>(), i["decimals"]!.GetValue<int>())).ToList();
        var indicators = Dataset.Choose(catalog, 20);
        if (options.Quick)
        {
            // A few provinces with a few communes each, four indicators, two quarters.
            provinces = provinces.Where(p => communes.Any(c => c.ParentId == p.Id)).OrderBy(p => p.Id, StringComparer.Ordinal).Take(2).ToList();
            communes = provinces.SelectMany(p => communes.Where(c => c.ParentId == p.Id).OrderBy(c => c.Id, StringComparer.Ordinal).Take(15)).ToList();
            indicators = indicators.Where((_, i) => i % 5 == 0).ToList();
        }
        return new Dataset(provinces, communes, indicators, options.Quarters);
    }

    /// <summary>The table of figures: each measurement, its limit, the ratio and the goal.</summary>
    private static string Table(JsonObject f)
    {
        double D(string key) => f[key]?.GetValue<double>() ?? double.NaN;
        var rows = new List<(string What, string Figure, string Limit, string Ratio, string Goal)>
        {
            ("import CSV, values/s (50k rows/request)", $"{D("importCsvValuesPerSec"):N0}", $"{D("importLimitValuesPerSec"):N0}", $"{D("importCsvRatio"):F2}", "≥ 0.50 of limit"),
            ("import JSON, values/s (50k rows/request)", $"{D("importJsonValuesPerSec"):N0}", $"{D("importLimitValuesPerSec"):N0}", $"{D("importJsonRatio"):F2}", "≥ 0.50 of limit"),
            ("  raw inserts of values + audit rows, values/s", $"{D("importLimitWithAuditValuesPerSec"):N0}", $"{D("importLimitValuesPerSec"):N0}", $"{D("importLimitWithAuditValuesPerSec") / D("importLimitValuesPerSec"):F2}", "(the service's design floor)"),
            ("attainment province, ms, after a write", $"{D("provinceAttainmentMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("provinceAttainmentMs") / D("attainmentLimitMs"):F1}", "≤ 20 ms"),
            ("attainment province, ms, cached", $"{D("provinceAttainmentCachedMs"):F2}", $"{D("attainmentLimitMs"):F1}", $"{D("provinceAttainmentCachedMs") / D("attainmentLimitMs"):F2}", ""),
            ("attainment province, ms, cold (caches dropped)", $"{D("provinceAttainmentColdMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("provinceAttainmentColdMs") / D("attainmentLimitMs"):F1}", ""),
            ("attainment province, ms, first once ready after a start", $"{D("provinceAttainmentReadyMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("provinceAttainmentReadyMs") / D("attainmentLimitMs"):F1}", "≤ 1,000 ms"),
            ("attainment province, ms, after a catalog change", $"{D("provinceAttainmentAfterCatalogChangeMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("provinceAttainmentAfterCatalogChangeMs") / D("attainmentLimitMs"):F1}", "≤ 1,000 ms"),
            ("attainment commune, ms, after a write", $"{D("communeAttainmentMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("communeAttainmentMs") / D("attainmentLimitMs"):F1}", "≤ 300 ms"),
            ("attainment commune, ms, cached (page of 10,000)", $"{D("communeAttainmentCachedMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("communeAttainmentCachedMs") / D("attainmentLimitMs"):F2}", ""),
            ("attainment commune, ms, cold (caches dropped)", $"{D("communeAttainmentColdMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("communeAttainmentColdMs") / D("attainmentLimitMs"):F1}", ""),
            ("attainment commune, ms, first once ready after a start", $"{D("communeAttainmentReadyMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("communeAttainmentReadyMs") / D("attainmentLimitMs"):F1}", "≤ 1,000 ms"),
            ("attainment commune, ms, after a catalog change", $"{D("communeAttainmentAfterCatalogChangeMs"):F1}", $"{D("attainmentLimitMs"):F1}", $"{D("communeAttainmentAfterCatalogChangeMs") / D("attainmentLimitMs"):F1}", "≤ 1,000 ms"),
            ("attainment commune, ms, cached, all 7 pages (client, incl. parsing)", $"{D("communeAllPagesCachedMs"):F1}", "", "", ""),
            ("reads province 200, req/s (32 clients)", $"{D("readRps"):N0}", $"{D("readLimitRps"):N0}", $"{D("readRatio"):F2}", "≥ 0.50 of limit"),
            ("reads province 304 If-None-Match, req/s", $"{D("read304Rps"):N0}", $"{D("readLimitRps"):N0}", $"{D("read304Ratio"):F2}", ""),
            ("list of values, every page of 1,000 (client), s", $"{D("listAllPagesSeconds"):F1}", "", "", ""),
            ("list of values, a page: median / the last, ms", $"{D("listPageMedianMs"):F1} / {D("listLastPageMs"):F1}", "", "", ""),
            ("list of one commune's values, ms", $"{D("listUnitMs"):F1}", "", "", ""),
            ("peak working set, import, MB", $"{D("peakWorkingSetMb"):N0}", "", "", "≤ 400 MB"),
            ("peak working set, attainment, MB", $"{D("peakWorkingSetAttainmentMb"):N0}", "", "", ""),
            ("peak working set, reads, MB", $"{D("peakWorkingSetReadMb"):N0}", "", "", ""),
            ("managed heap after attainment (live), MB", $"{D("managedHeapAfterAttainmentMb"):N0}", "", "", ""),
            ("index heap per stored value, bytes", $"{D("heapBytesPerValue"):N0}", "", "", "≤ 100"),
        };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| measure | figure | limit | ratio | goal |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var (what, figure, limit, ratio, goal) in rows) text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {figure} | {limit} | {ratio} | {goal} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"{f["provider"]}: values {f["values"]}, units {f["units"]}, targets {f["targets"]}, province rows {f["provinceRows"]}, commune rows {f["communeRows"]}; median of {f["repetitions"]} after a warm-up");
        return text.ToString();
    }
}

/// <summary>The measurements, in the order they run; each writes its figures into <c>figures</c>.</summary>
internal sealed class Runner(BenchHost host, BenchDatabase database, HttpClient http, Dataset data, string template, BenchOptions options, Action<string> log, MemorySampler memory, JsonObject figures) : IDisposable
{
    /// <summary>
    /// The body of the last <see cref="GetAsync"/> or import request, its buffer reused: a page of 10,000 commune rows or
    /// an import of 50,000 is megabytes, and the bench's own copies of them (strings, a parsed tree) would weigh on the
    /// working set measured for the service.
    /// </summary>
    private readonly MemoryStream _body = new();
    private int _requestId;
    private int _touches;
    private int _catalogChanges;
    private string? _indicatorName;

    /// <summary>Bulk import through <c>POST /imports</c>, CSV then JSON, each into the same database empty of values.</summary>
    public async Task ImportAsync()
    {
        // The rows are generated again for each pass, so the bench's own copy of them does not weigh on the working set.
        IEnumerable<ValueRow[]> Chunks() => data.Rows().Chunk(options.ChunkRows);
        var requests = 0;
        figures["workingSetBeforeImportMb"] = Math.Round(Environment.WorkingSet / 1024.0 / 1024.0);
        // Warm-up: one request of each format, then back to the empty database.
        foreach (var json in new[] { false, true })
        {
            host.RestoreFrom(template);
            await PostImportAsync(Chunks().First(), json);
        }
        memory.Begin("import");
        foreach (var json in new[] { false, true })
        {
            host.RestoreFrom(template);
            var rates = new List<double>();
            double seconds = 0;
            requests = 0;
            foreach (var chunk in Chunks())
            {
                requests++;
                var elapsed = await PostImportAsync(chunk, json);
                rates.Add(chunk.Length / elapsed.TotalSeconds);
                seconds += elapsed.TotalSeconds;
            }
            var name = json ? "Json" : "Csv";
            figures[$"import{name}ValuesPerSec"] = Math.Round(Stats.Median(rates));
            figures[$"import{name}TotalSeconds"] = Math.Round(seconds, 2);
            log($"import {name}: {requests} requests, median {Stats.Median(rates):N0} values/s, {seconds:F1} s in all");
        }
        figures["peakWorkingSetMb"] = Math.Round(memory.End());
        figures["importValuesPerSec"] = figures["importCsvValuesPerSec"]!.DeepClone();
        figures["importRequests"] = requests;
        figures["importRowsPerRequest"] = options.ChunkRows;
    }

    /// <returns>The time of the request alone: the body is built before the clock starts.</returns>
    private async Task<TimeSpan> PostImportAsync(IReadOnlyList<ValueRow> rows, bool json)
    {
        _body.SetLength(0);
        if (json) Dataset.WriteJson(rows, _body);
        else Dataset.WriteCsv(rows, _body);
        using var content = new ByteArrayContent(_body.GetBuffer(), 0, (int)_body.Length)
        {
            Headers = { ContentType = json ? new MediaTypeHeaderValue("application/json") : new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" } },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/imports") { Content = content };
        request.Headers.Add("X-Api-Key", BenchHost.AdminKey);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        var imported = response.IsSuccessStatusCode ? JsonNode.Parse(body)!["imported"]!.GetValue<int>() : -1;
        if (imported != rows.Count) throw new InvalidOperationException($"The import answered {(int)response.StatusCode} with {imported} imported of {rows.Count}: {body[..Math.Min(body.Length, 2000)]}");
        return clock.Elapsed;
    }

    /// <summary>
    /// The import limit: the same rows straight into the same schema — the engine's fastest bulk path (SQLite: one
    /// prepared command per table; PostgreSQL: binary COPY), one transaction, a submission per unit and quarter — into a
    /// fresh copy of the database empty of values.
    /// </summary>
    public void ImportLimit()
    {
        var rates = new List<double>();
        var withAudit = new List<double>();
        for (var rep = 0; rep <= options.Repetitions; rep++)
        {
            foreach (var audit in new[] { false, true })
            {
                var name = $"limit{rep}";
                database.Copy(template, name);
                var elapsed = database.InsertStraight(name, data, audit);
                if (rep > 0) (audit ? withAudit : rates).Add(data.RowCount / elapsed.TotalSeconds);
                database.Drop(name);
            }
        }
        figures["importLimitWithAuditValuesPerSec"] = Math.Round(Stats.Median(withAudit));
        log($"import limit with the audit rows (raw bulk inserts, one transaction): median {Stats.Median(withAudit):N0} values/s");
        var limit = Stats.Median(rates);
        figures["importLimitValuesPerSec"] = Math.Round(limit);
        figures["importCsvRatio"] = Math.Round(figures["importCsvValuesPerSec"]!.GetValue<double>() / limit, 3);
        figures["importJsonRatio"] = Math.Round(figures["importJsonValuesPerSec"]!.GetValue<double>() / limit, 3);
        figures["importRatio"] = figures["importCsvRatio"]!.DeepClone();
        log($"import limit (raw bulk inserts, one transaction): median {limit:N0} values/s");
    }

    /// <summary>Attainment at province and commune level: the first request after a write, and cached; and the SQL limit.</summary>
    public async Task AttainmentAsync()
    {
        const string province = "api/v1/attainment?year=2030&level=province";
        const string commune = "api/v1/attainment?year=2030&level=commune&limit=10000";
        memory.Begin("attainment");
        figures["provinceRows"] = await CountRowsAsync(province);
        figures["communeRows"] = await CountRowsAsync(commune);

        foreach (var (name, path) in new[] { ("province", province), ("commune", commune) })
        {
            var uncached = new List<double>();
            var uncachedClient = new List<double>();
            for (var rep = 0; rep <= options.Repetitions; rep++)
            {
                await TouchAsync();
                var (server, client, _) = await GetAsync(path);
                if (rep == 0) continue;
                uncached.Add(server);
                uncachedClient.Add(client);
            }
            // Cold: the service's caches dropped, so the request pays for reading every value (as after a database
            // restored under the service, or a change of more than 100,000 values).
            var cold = new List<double>();
            for (var rep = 0; rep < options.Repetitions; rep++)
            {
                host.Invalidate();
                var (server, _, _) = await GetAsync(path);
                cold.Add(server);
            }
            // The first report once the service is ready after a start: the index built as the start-up builds it
            // (readiness waits for it), nothing computed from it yet.
            var ready = new List<double>();
            for (var rep = 0; rep < options.Repetitions; rep++)
            {
                host.Invalidate();
                await host.WarmAsync();
                var (server, _, _) = await GetAsync(path);
                ready.Add(server);
            }
            // The first report after a change of the catalog: the values carried over, every roll-up and result derived again.
            var catalogChanged = new List<double>();
            for (var rep = 0; rep < options.Repetitions; rep++)
            {
                await ChangeCatalogAsync();
                var (server, _, _) = await GetAsync(path);
                catalogChanged.Add(server);
            }
            var cached = new List<double>();
            for (var rep = 0; rep <= options.Repetitions * 4; rep++)
            {
                var (server, _, _) = await GetAsync(path);
                if (rep > 0) cached.Add(server);
            }
            figures[$"{name}AttainmentMs"] = Math.Round(Stats.Median(uncached), 2);
            figures[$"{name}AttainmentClientMs"] = Math.Round(Stats.Median(uncachedClient), 2);
            figures[$"{name}AttainmentCachedMs"] = Math.Round(Stats.Median(cached), 3);
            figures[$"{name}AttainmentColdMs"] = Math.Round(Stats.Median(cold), 2);
            figures[$"{name}AttainmentReadyMs"] = Math.Round(Stats.Median(ready), 2);
            figures[$"{name}AttainmentAfterCatalogChangeMs"] = Math.Round(Stats.Median(catalogChanged), 2);
            log($"attainment {name}: after a write {Stats.Median(uncached):F1} ms (server), {Stats.Median(uncachedClient):F1} ms (client); cached {Stats.Median(cached):F2} ms; "
                + $"cold {Stats.Median(cold):F1} ms; first once ready {Stats.Median(ready):F1} ms; after a catalog change {Stats.Median(catalogChanged):F1} ms");
        }

        var allPages = new List<double>();
        for (var rep = 0; rep <= options.Repetitions; rep++)
        {
            var clock = Stopwatch.StartNew();
            await CountRowsAsync(commune);
            if (rep > 0) allPages.Add(clock.Elapsed.TotalMilliseconds);
        }
        figures["communeAllPagesCachedMs"] = Math.Round(Stats.Median(allPages), 2);
        figures["peakWorkingSetAttainmentMb"] = Math.Round(memory.End());
        // What of it is live: the index, the targets and the results kept (after a full collection, outside any measurement).
        figures["managedHeapAfterAttainmentMb"] = Math.Round(GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0);
        // What the index costs per stored value: the live heap with an index that one report built from scratch, less the
        // heap once that index is dropped. Dropped after rather than before: what the runs above leave behind (results,
        // pages, pooled buffers) is released at no fixed moment and would count against the index or for it.
        host.DropIndex();
        await GetAsync(province);
        var withIndex = GC.GetTotalMemory(forceFullCollection: true);
        host.DropIndex();
        figures["heapBytesPerValue"] = Math.Round((withIndex - GC.GetTotalMemory(forceFullCollection: true)) / (double)data.RowCount);
        await GetAsync(province);

        // The limit: one hand-written query for the latest value per (indicator, unit) up to the cut-off, read into memory.
        var limit = new List<double>();
        var cutoff = data.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var latest = 0;
        for (var rep = 0; rep <= options.Repetitions; rep++)
        {
            var clock = Stopwatch.StartNew();
            using var connection = database.OpenForQuery(host.DatabaseName);
            using var command = connection.CreateCommand();
            command.CommandText = database.LatestValuesSql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@cutoff";
            parameter.Value = cutoff;
            command.Parameters.Add(parameter);
            var rows = new List<(string, string, string, double)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3)));
            }
            latest = rows.Count;
            if (rep > 0) limit.Add(clock.Elapsed.TotalMilliseconds);
        }
        figures["attainmentLimitMs"] = Math.Round(Stats.Median(limit), 2);
        figures["attainmentLimitRows"] = latest;
        log($"attainment limit (latest value per indicator and unit, {latest:N0} rows): {Stats.Median(limit):F1} ms");
    }

    /// <summary>Read throughput under concurrent clients: the cached province table, with and without If-None-Match, and the constant endpoint.</summary>
    public async Task ReadsAsync()
    {
        const string province = "api/v1/attainment?year=2030&level=province";
        using var first = await http.GetAsync(new Uri(province, UriKind.Relative));
        var body = await first.Content.ReadAsByteArrayAsync();
        var etag = first.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The attainment answer has no ETag.");
        host.SetConstant(body);
        figures["readBodyBytes"] = body.Length;

        memory.Begin("read");
        var warmUp = TimeSpan.FromSeconds(Math.Min(2, options.ReadDuration.TotalSeconds / 2));
        var results = new Dictionary<string, LoadResult>();
        foreach (var (name, path, tag, status) in new[]
        {
            ("limit", BenchHost.ConstantPath.TrimStart('/'), (string?)null, HttpStatusCode.OK),
            ("200", province, null, HttpStatusCode.OK),
            ("304", province, etag, HttpStatusCode.NotModified),
        })
        {
            await Load.RunAsync(http, path, tag, status, options.Clients, warmUp);
            var result = await Load.RunAsync(http, path, tag, status, options.Clients, options.ReadDuration);
            if (result.Errors > 0) throw new InvalidOperationException($"{result.Errors} reads of {path} did not answer {(int)status}.");
            results[name] = result;
            log($"reads {name}: median {result.MedianRps:N0} req/s ({result.Requests:N0} requests in {options.ReadDuration.TotalSeconds:F1} s, {options.Clients} clients)");
        }
        figures["peakWorkingSetReadMb"] = Math.Round(memory.End());
        figures["readLimitRps"] = Math.Round(results["limit"].MedianRps);
        figures["readRps"] = Math.Round(results["200"].MedianRps);
        figures["read304Rps"] = Math.Round(results["304"].MedianRps);
        figures["readRatio"] = Math.Round(results["200"].MedianRps / results["limit"].MedianRps, 3);
        figures["read304Ratio"] = Math.Round(results["304"].MedianRps / results["limit"].MedianRps, 3);
        figures["readClients"] = options.Clients;
        figures["readSeconds"] = options.ReadDuration.TotalSeconds;
        await ListsAsync();
    }

    /// <summary>
    /// The list of values as a client pulls it (after the read phase's peak is taken): every page of 1,000 from the
    /// first, each after the cursor of the one before, and all the values of one commune.
    /// </summary>
    private async Task ListsAsync()
    {
        var pages = new List<double>();
        var listed = 0;
        string? cursor = null;
        var all = Stopwatch.StartNew();
        do
        {
            var (_, clientMs, body) = await GetAsync("api/v1/values?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            pages.Add(clientMs);
            var page = JsonNode.Parse(body.Span)!;
            listed += page["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        all.Stop();
        if (listed != data.RowCount) throw new InvalidOperationException($"The list of values gave {listed:N0} values, not {data.RowCount:N0}.");
        figures["listAllPagesSeconds"] = Math.Round(all.Elapsed.TotalSeconds, 1);
        figures["listPages"] = pages.Count;
        figures["listPageMedianMs"] = Math.Round(Stats.Median(pages), 1);
        figures["listLastPageMs"] = Math.Round(pages[^1], 1);
        log($"list of values: {pages.Count:N0} pages of 1,000 in {all.Elapsed.TotalSeconds:F1} s, median {Stats.Median(pages):F1} ms a page, the last {pages[^1]:F1} ms");

        var unit = data.Communes[data.Communes.Count / 2].Id;
        var times = new List<double>();
        for (var rep = 0; rep <= options.Repetitions; rep++)
        {
            var (_, clientMs, body) = await GetAsync("api/v1/values?unit=" + Uri.EscapeDataString(unit));
            if (JsonNode.Parse(body.Span)!["items"]!.AsArray().Count == 0) throw new InvalidOperationException($"The list of {unit}'s values is empty.");
            if (rep > 0) times.Add(clientMs);
        }
        figures["listUnitMs"] = Math.Round(Stats.Median(times), 1);
        log($"list of one commune's values: median {Stats.Median(times):F1} ms");
    }

    /// <summary>A one-value correction through the import: a write, so the next report is computed afresh.</summary>
    private async Task TouchAsync()
    {
        var unit = data.Communes[0];
        var row = data.Row(unit, data.Indicators[0], data.Periods.Count - 1);
        var numerator = ++_touches % 2 == 0 ? row.Numerator : row.Numerator > 0 ? row.Numerator - 1 : row.Numerator + 1;
        using var content = new StringContent($"unit,period,indicator,value,numerator,denominator,comment\n{row.Unit},{row.Period},{row.Indicator},,{numerator},{row.Denominator},bench write\n",
            Encoding.UTF8, "text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/imports") { Content = content };
        request.Headers.Add("X-Api-Key", BenchHost.AdminKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (JsonNode.Parse(body)?["updated"]?.GetValue<int>() != 1) throw new InvalidOperationException($"The write before a report did not update one value: {body}");
    }

    /// <summary>Renames an indicator (its English name, and back the next time): a change of the catalog.</summary>
    private async Task ChangeCatalogAsync()
    {
        var path = $"api/v1/indicators/{data.Indicators[0].Code}";
        var (_, _, body) = await GetAsync(path);
        var definition = JsonNode.Parse(body.Span)!.AsObject();
        _indicatorName ??= definition["nameEn"]!.GetValue<string>();
        var put = new JsonObject();
        foreach (var field in (string[])["nameVi", "unit", "factor", "direction", "aggregation", "frequency", "decimals", "min", "max", "group", "periodBasis",
            "numeratorVi", "numeratorEn", "denominatorVi", "denominatorEn"])
        {
            if (definition[field] is { } value) put[field] = value.DeepClone();
        }
        put["nameEn"] = ++_catalogChanges % 2 == 0 ? _indicatorName : _indicatorName + " (bench)";
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(put.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", BenchHost.AdminKey);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <returns>The server time (from the bench host's middleware), the client time and the body (valid until the next call).</returns>
    private async Task<(double ServerMs, double ClientMs, ReadOnlyMemory<byte> Body)> GetAsync(string path)
    {
        var id = Interlocked.Increment(ref _requestId).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(BenchHost.BenchIdHeader, id);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        _body.SetLength(0);
        await response.Content.CopyToAsync(_body);
        clock.Stop();
        var body = _body.GetBuffer().AsMemory(0, (int)_body.Length);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body.Span)}");
        return (await host.ServerMsAsync(id), clock.Elapsed.TotalMilliseconds, body);
    }

    public void Dispose() => _body.Dispose();

    /// <summary>Reads every page of a list and counts its rows.</summary>
    private async Task<int> CountRowsAsync(string path)
    {
        var count = 0;
        string? cursor = null;
        for (var page = 0; page < 1000; page++)
        {
            var (_, _, body) = await GetAsync(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            (var items, cursor) = ReadPage(body.Span);
            count += items;
            if (cursor is null) break;
        }
        return count;
    }

    /// <summary>The number of items of a list page and its next cursor, read token by token: no objects for the rows.</summary>
    private static (int Items, string? NextCursor) ReadPage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var (items, cursor) = (0, (string?)null);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isItems = reader.ValueTextEquals("items"u8);
            var isCursor = reader.ValueTextEquals("nextCursor"u8);
            reader.Read();
            if (isItems)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items++;
                    reader.Skip();
                }
            }
            else if (isCursor) cursor = reader.GetString();
            else reader.Skip();
        }
        return (items, cursor);
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Indicators.Api.Seeding;
using Indicators.Api.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Seeding;

/// <summary>Seeds never fight people: an API edit or deletion of a seeded record survives every restart.</summary>
public sealed class SeedSafetyTests : ApiTest
{
    private const string LifeExpectancy2030 = "SELECT id FROM targets WHERE indicator_code = 'LIFE_EXPECTANCY' AND unit_id = '51@2025-07-01' AND year = 2030";

    private async Task<JsonNode> TargetAsync(long id) => await Json(await Client().GetAsync(ApiRoutes.TargetUrl(id)));

    private async Task<HttpResponseMessage> UpdateTargetAsync(long id, decimal value)
    {
        var target = (await TargetAsync(id)).AsObject();
        var body = new JsonObject();
        foreach (var field in new[] { "indicator", "unit", "year", "comparator", "upperValue", "kind", "baselineValue", "baselineYear", "referenceUnit", "source", "note" })
        {
            body[field] = target[field]?.DeepClone();
        }
        body["value"] = value;
        var request = new HttpRequestMessage(HttpMethod.Put, ApiRoutes.TargetUrl(id)) { Content = JsonBody(body.ToJsonString()) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{target["version"]}\"");
        return await Admin().SendAsync(request);
    }

    /// <summary>A copy of the seed files, <paramref name="file"/> changed by <paramref name="edit"/> (removed when it answers null), and a seeder that reads it with a recording logger.</summary>
    private (Seeder Seeder, ConcurrentQueue<string> Log) SeederWith(Func<string, string?>? edit = null, string file = "targets.csv")
    {
        var folder = Path.Combine(TestDatabase.Folder, "seeds-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        foreach (var source in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"))) File.Copy(source, Path.Combine(folder, Path.GetFileName(source)));
        if (edit is not null)
        {
            var path = Path.Combine(folder, file);
            if (edit(File.ReadAllText(path)) is { } text) File.WriteAllText(path, text);
            else File.Delete(path);
        }
        var log = new ConcurrentQueue<string>();
        return (new Seeder(Service<Database>(), Service<UnitDirectory>(), Service<CatalogDirectory>(), Options.Create(new SeedOptions { Folder = folder }), new RecordingLogger(log)), log);
    }

    [Test]
    public async Task A_deleted_seed_target_stays_deleted_and_the_service_still_starts()
    {
        var id = await ScalarAsync(LifeExpectancy2030);
        var delete = new HttpRequestMessage(HttpMethod.Delete, ApiRoutes.TargetUrl(id));
        delete.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.That((await Admin().SendAsync(delete)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        // A restart: a second service on the same database migrates and seeds again.
        using (var restarted = new ApiFactory(Factory.Database))
        {
            var response = await restarted.CreateClient().GetAsync(ApiRoutes.TargetUrl(id));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
        }
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM targets WHERE deleted_at IS NULL"), Is.EqualTo(78));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM targets"), Is.EqualTo(79));
    }

    [Test]
    public async Task An_edited_seed_target_keeps_its_edit_across_a_restart()
    {
        var id = await ScalarAsync(LifeExpectancy2030);
        Assert.That((await UpdateTargetAsync(id, 76)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Service<Seeder>().RunAsync();

        var target = await TargetAsync(id);
        Assert.That(target["value"]!.GetValue<decimal>(), Is.EqualTo(76m));
        Assert.That(target["version"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM target_revisions WHERE target_id = @id", new { id }), Is.EqualTo(2));
    }

    [Test]
    public async Task An_edited_indicator_name_is_kept_across_a_restart()
    {
        var indicator = (await Json(await Client().GetAsync(ApiRoutes.IndicatorUrl("BEDS_PER_10K")))).AsObject();
        indicator.Remove("code");
        indicator["nameVi"] = "Giường bệnh trên 10.000 dân (đã sửa)";
        Assert.That((await Admin().PutAsync(ApiRoutes.IndicatorUrl("BEDS_PER_10K"), JsonBody(indicator.ToJsonString()))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Service<Seeder>().RunAsync();

        var after = await Json(await Client().GetAsync(ApiRoutes.IndicatorUrl("BEDS_PER_10K")));
        Assert.That(after["nameVi"]!.GetValue<string>(), Is.EqualTo("Giường bệnh trên 10.000 dân (đã sửa)"));
    }

    [Test]
    public async Task A_seed_change_is_applied_to_a_record_nobody_edited()
    {
        var (seeder, _) = SeederWith(t => t.Replace("LIFE_EXPECTANCY,51@2025-07-01,2030,gt,75,", "LIFE_EXPECTANCY,51@2025-07-01,2030,gt,75.5,", StringComparison.Ordinal));
        await seeder.RunAsync();
        Assert.That((await TargetAsync(await ScalarAsync(LifeExpectancy2030)))["value"]!.GetValue<decimal>(), Is.EqualTo(75.5m));
    }

    [Test]
    public async Task A_seed_change_that_clashes_with_an_api_edit_is_not_applied_and_is_logged_once()
    {
        var id = await ScalarAsync(LifeExpectancy2030);
        Assert.That((await UpdateTargetAsync(id, 76)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var (seeder, log) = SeederWith(t => t.Replace("LIFE_EXPECTANCY,51@2025-07-01,2030,gt,75,", "LIFE_EXPECTANCY,51@2025-07-01,2030,gt,77,", StringComparison.Ordinal));

        await seeder.RunAsync();
        await seeder.RunAsync();

        Assert.That((await TargetAsync(id))["value"]!.GetValue<decimal>(), Is.EqualTo(76m));
        var clashes = log.Where(m => m.Contains("edited through the API", StringComparison.Ordinal)).ToList();
        Assert.That(clashes, Has.Count.EqualTo(1));
        Assert.That(clashes[0], Does.Contain("76").And.Contain("77"));
    }

    [Test]
    public async Task A_bad_seed_row_is_a_log_line_and_the_other_rows_still_load()
    {
        var brokenRow = 0;
        var (seeder, log) = SeederWith(t =>
        {
            // The rows are padded to the header's columns; the broken one is the first after the file's own rows.
            var padding = new string(',', t[..t.IndexOf('\n', StringComparison.Ordinal)].Count(c => c == ',') - 10);
            brokenRow = t.Count(c => c == '\n') + 1;
            return t.Replace("LIFE_EXPECTANCY,51@2025-07-01,2030,gt,75,", "LIFE_EXPECTANCY,51@2025-07-01,2030,gt,75.5,", StringComparison.Ordinal)
                + "BHYT_COVERAGE,01,2030,about,not-a-number,,absolute,,,,Broken row" + padding + "\n"
                + "NO_SUCH_INDICATOR,01,2030,gte,5,,absolute,,,,Unknown indicator" + padding + "\n";
        });

        Assert.DoesNotThrowAsync(() => seeder.RunAsync());

        Assert.That(log.Where(m => m.Contains($"row {brokenRow}:", StringComparison.Ordinal)), Has.Exactly(1).Items, string.Join("\n", log));
        Assert.That(log.Where(m => m.Contains("NO_SUCH_INDICATOR", StringComparison.Ordinal)), Has.Exactly(1).Items, string.Join("\n", log));
        Assert.That((await TargetAsync(await ScalarAsync(LifeExpectancy2030)))["value"]!.GetValue<decimal>(), Is.EqualTo(75.5m));
    }

    [Test]
    public async Task A_missing_seed_file_does_not_stop_the_start()
    {
        var (seeder, log) = SeederWith(_ => null, "units.csv");
        Assert.DoesNotThrowAsync(() => seeder.RunAsync());
        Assert.That(log, Has.Some.Contains("the service starts with the data it has"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM indicators"), Is.EqualTo(34));
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> messages) : ILogger<Seeder>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}

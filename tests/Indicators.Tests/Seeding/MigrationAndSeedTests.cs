using Dapper;
using Indicators.Api.Seeding;
using Indicators.Api.Storage;
using Indicators.Api.Storage.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Seeding;

public sealed class MigrationAndSeedTests : ApiTest
{
    [Test]
    public async Task A_second_migration_run_applies_nothing()
    {
        var applied = Service<MigrationRunner>().Run();
        Assert.That(applied, Is.Empty);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(Directory.GetFiles(MigrationRunner.ScriptFolder("sqlite"), "*.sql").Length));
    }

    [Test]
    public async Task A_second_seed_run_changes_nothing()
    {
        var audit = await ScalarAsync("SELECT COUNT(*) FROM audit_log");
        var version = await ScalarAsync("SELECT version FROM data_version");
        await Service<Seeder>().RunAsync();
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log"), Is.EqualTo(audit));
        Assert.That(await ScalarAsync("SELECT version FROM data_version"), Is.EqualTo(version));
    }

    [TestCase("SELECT COUNT(*) FROM indicators", 34)]
    [TestCase("SELECT COUNT(*) FROM units WHERE level = 'province'", 86)]
    [TestCase("SELECT COUNT(*) FROM units WHERE level = 'province' AND valid_to IS NULL", 34)]
    [TestCase("SELECT COUNT(*) FROM units WHERE level = 'province' AND valid_to = '2025-06-30' AND successor_id IS NOT NULL", 52)]
    [TestCase("SELECT COUNT(*) FROM units WHERE level = 'commune' AND valid_from = '2025-07-01'", 3321)]
    [TestCase("SELECT COUNT(*) FROM targets", 79)]
    [TestCase("SELECT COUNT(*) FROM targets WHERE indicator_code = 'HEIGHT_18' AND disaggregation IN ('sex:male', 'sex:female') AND quote IS NOT NULL", 2)]
    [TestCase("SELECT COUNT(*) FROM indicator_category_combos WHERE indicator_code = 'HEIGHT_18' AND combo = 'sex'", 1)]
    [TestCase("SELECT COUNT(*) FROM category_options", 11)]
    [TestCase("SELECT COUNT(*) FROM targets WHERE source IS NULL OR TRIM(source) = ''", 0)]
    [TestCase("SELECT COUNT(*) FROM targets WHERE (source LIKE '08-CTr/TU%' OR source LIKE '1870/KH-UBND%') AND (quote IS NULL OR TRIM(quote) = '')", 0)]
    [TestCase("SELECT COUNT(*) FROM target_revisions WHERE quote IS NOT NULL", 54)]
    [TestCase("SELECT COUNT(*) FROM target_revisions", 79)]
    [TestCase("SELECT COUNT(*) FROM holidays WHERE date LIKE '2025-%'", 12)]
    public async Task Seed_counts(string sql, int expected) =>
        Assert.That(await ScalarAsync(sql), Is.EqualTo(expected));

    [Test]
    public async Task Names_are_stored_in_NFC()
    {
        await using var connection = await Service<Database>().OpenAsync();
        var names = (await connection.QueryAsync<string>("SELECT name_vi FROM units UNION ALL SELECT name_vi FROM indicators")).ToList();
        Assert.That(names.Where(n => !n.IsNormalized(System.Text.NormalizationForm.FormC)), Is.Empty);
    }

    [Test]
    public async Task An_edited_seed_target_gets_a_new_revision_in_history()
    {
        var folder = Path.Combine(TestDatabase.Folder, "seeds-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var targets = Path.Combine(folder, "targets.csv");
        var text = await File.ReadAllTextAsync(targets);
        const string original = "DOCTORS_PER_10K,51@2025-07-01,2030,gte,13.1,";
        Assert.That(text, Does.Contain(original));
        await File.WriteAllTextAsync(targets, text.Replace(original, "DOCTORS_PER_10K,51@2025-07-01,2030,gte,13.5,", StringComparison.Ordinal));

        var seeder = new Seeder(Service<Database>(), Service<UnitDirectory>(), Service<CatalogDirectory>(), Options.Create(new SeedOptions { Folder = folder }), NullLogger<Seeder>.Instance);
        await seeder.RunAsync();

        var id = await ScalarAsync("SELECT id FROM targets WHERE indicator_code = 'DOCTORS_PER_10K' AND unit_id = '51@2025-07-01' AND year = 2030");
        var history = (await Json(await Client().GetAsync(ApiRoutes.TargetHistoryUrl(id))))["items"]!.AsArray();
        Assert.That(history.Select(h => h!["value"]!.GetValue<decimal>()), Is.EqualTo(new[] { 13.1m, 13.5m }));
        Assert.That(history[1]!["changedBy"]!.GetValue<string>(), Is.EqualTo("seed"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM targets"), Is.EqualTo(79), "an edit is a revision, not a new target");
    }
}

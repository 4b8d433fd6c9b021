using System.Globalization;
using CsvHelper;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Seeding;

/// <summary>The <c>Seed</c> configuration section.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Also load the demo actuals (published national figures and a labelled synthetic series).</summary>
    public bool Demo { get; set; }

    /// <summary>The folder of the seed CSV files; <c>seeds/</c> beside the binaries by default.</summary>
    public string Folder { get; set; } = Path.Combine(AppContext.BaseDirectory, "seeds");
}

/// <summary>
/// Loads <c>seeds/</c> at start-up, idempotently and without fighting people (<see cref="SeedPlan"/>): a row is
/// applied when its record is new, or when the seed file changed it and nobody edited the record since; an edit or a
/// deletion made through the API is kept. Changes go through the same audited paths as the API (targets get a new
/// revision). A bad seed row, or a failing load, is a log line: the service starts with the data it has.
/// </summary>
public sealed partial class Seeder(Database database, UnitDirectory units, CatalogDirectory catalog, IOptions<SeedOptions> options, ILogger<Seeder> logger)
{
    public const string Actor = "seed";

    public async Task RunAsync(CancellationToken ct = default)
    {
        var folder = options.Value.Folder;
        try
        {
            var counts = await database.InTransactionAsync(Actor, async w =>
            {
                var loaded = await SeedRows.LoadAsync(w.Connection, w.Transaction, ct);
                var indicators = await SeedIndicatorsAsync(folder, loaded, w, ct);
                var combos = await SeedDisaggregationsAsync(folder, loaded, w, ct);
                var unitChanges = await SeedUnitsAsync(folder, loaded, w, ct);
                var targets = await SeedTargetsAsync(folder, loaded, w, ct);
                var holidays = await SeedHolidaysAsync(folder, w, ct);
                var tasks = await SeedTaskRegisterAsync(folder, loaded, w, ct);
                await loaded.SaveAsync(w, ct);
                return (indicators, combos, unitChanges, targets, holidays, tasks);
            }, ct);
            logger.LogInformation("Seeds loaded: {Indicators} indicators, {Combos} indicators' disaggregations, {Units} units, {Targets} targets, {Holidays} holidays, {Agencies} agencies, {Tasks} tasks changed",
                counts.indicators, counts.combos, counts.unitChanges, counts.targets, counts.holidays, counts.tasks.Agencies, counts.tasks.Tasks);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Seeds were not loaded ({Message}); the service starts with the data it has.", e.Message);
        }
        finally
        {
            units.Invalidate();
            catalog.Invalidate();
        }
        if (!options.Value.Demo) return;
        try
        {
            await using var connection = await database.OpenAsync(ct);
            var written = await DemoData.LoadAsync(database, folder, await CatalogStore.AllAsync(connection, ct), await units.GetAsync(ct), ct);
            logger.LogInformation("Demo data loaded: {Written} values written where no real value is (published national figures and a synthetic provincial series)", written);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Demo data was not loaded ({Message}).", e.Message);
        }
    }

    private async Task<int> SeedIndicatorsAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var stored = (await CatalogStore.AllAsync(w.Connection, ct, w.Transaction)).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var writers = await CatalogStore.LastWritersAsync(w.Connection, w.Transaction, ct);
        var changed = 0;
        foreach (var row in Rows(folder, "indicators.csv", IndicatorOf))
        {
            var action = Decide(loaded, SeedRows.Indicator, row.Code, stored.GetValueOrDefault(row.Code), deleted: false, writers, row);
            if (action is SeedAction.Create or SeedAction.Update)
            {
                await CatalogStore.SaveAsync(w, row, ct);
                changed++;
            }
        }
        return changed;
    }

    /// <summary>The category combinations each indicator may be reported by (<c>indicator-disaggregations.csv</c>).</summary>
    private async Task<int> SeedDisaggregationsAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var rules = await CategoryStore.RulesAsync(w.Connection, w.Transaction, ct);
        var indicators = (await CatalogStore.AllAsync(w.Connection, ct, w.Transaction)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var changed = 0;
        foreach (var row in Rows(folder, "indicator-disaggregations.csv", CombosOf))
        {
            if (!indicators.Contains(row.Indicator))
            {
                logger.LogWarning("Seed disaggregations of {Indicator} name an unknown indicator; skipped.", row.Indicator);
                continue;
            }
            var stored = rules.CombosOf(row.Indicator).ToList();
            var current = stored.Count == 0 ? null : new SeededCombos(row.Indicator, string.Join(';', stored));
            // The combinations keep no writer: the seeder wrote them when they are as it last loaded them.
            var writers = current is not null && current == loaded.Get<SeededCombos>(SeedRows.IndicatorCombos, row.Indicator)
                ? new Dictionary<string, string> { [row.Indicator] = Actor } : new Dictionary<string, string>();
            if (Decide(loaded, SeedRows.IndicatorCombos, row.Indicator, current, deleted: false, writers, row) is SeedAction.Create or SeedAction.Update
                && await CategoryStore.SaveCombosAsync(w, row.Indicator, row.Combos.Split(';'), ct))
            {
                changed++;
            }
        }
        return changed;
    }

    /// <summary>An indicator's combinations as a seed row: canonical, joined by <c>;</c> in ordinal order.</summary>
    private sealed record SeededCombos(string Indicator, string Combos);

    private static SeededCombos CombosOf(Dictionary<string, string> r)
    {
        var combos = r["combos"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(text => Disaggregation.ParseCombo(text) is { Combo: { } combo } ? combo : throw new FormatException($"'{text}' is not a combination of category codes."))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new SeededCombos(r["indicator"], string.Join(';', combos));
    }

    private async Task<int> SeedUnitsAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var stored = await UnitStore.AllAsync(w.Connection, w.Transaction, ct);
        var writers = await UnitStore.LastWritersAsync(w.Connection, w.Transaction, ct);
        var apply = Rows(folder, "units.csv", UnitOf)
            .Where(row => Decide(loaded, SeedRows.Unit, row.Id, stored.GetValueOrDefault(row.Id), deleted: false, writers, row) is SeedAction.Create or SeedAction.Update)
            .ToList();
        return (await UnitStore.SaveAsync(w, apply, ct)).Count(x => x != Change.Unchanged);
    }

    private async Task<int> SeedTargetsAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var indicators = (await CatalogStore.AllAsync(w.Connection, ct, w.Transaction)).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var unitIds = (await UnitStore.AllAsync(w.Connection, w.Transaction, ct)).Keys.ToHashSet(StringComparer.Ordinal);
        var changed = 0;
        foreach (var (seedKey, row) in Rows(folder, "targets.csv", TargetOf))
        {
            if (!indicators.Contains(row.Indicator) || !unitIds.Contains(row.Unit) || (row.ReferenceUnit is { } r && !unitIds.Contains(r)))
            {
                logger.LogWarning("Seed target {SeedKey} names an unknown indicator or unit; skipped.", seedKey);
                continue;
            }
            var existing = await TargetStore.FindBySeedKeyAsync(w.Connection, w.Transaction, seedKey, ct);
            var current = existing is null ? null : TargetStore.Definition(existing.Value.Target);
            var writers = existing is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [seedKey] = existing.Value.UpdatedBy };
            switch (Decide(loaded, SeedRows.Target, seedKey, current, existing?.DeletedAt is not null, writers, row))
            {
                case SeedAction.Create:
                    await TargetStore.CreateAsync(w, row, ct, seedKey);
                    changed++;
                    break;
                case SeedAction.Update:
                    await TargetStore.ReviseAsync(w, existing!.Value.Target, row, ct);
                    changed++;
                    break;
            }
        }
        return changed;
    }

    /// <summary>Decides what a seed row does, records it as loaded, and reports a clash with an API edit once.</summary>
    private SeedAction Decide<T>(SeedRows loaded, string entity, string key, T? current, bool deleted, IReadOnlyDictionary<string, string> writers, T row) where T : class
    {
        var lastLoaded = loaded.Get<T>(entity, key);
        var action = SeedPlan.Decide(current, deleted, lastLoaded, writers.GetValueOrDefault(key) == Actor, row);
        if (action == SeedAction.Conflict)
        {
            logger.LogWarning("Seed {Entity} {Key} changed in the seed file but was edited through the API; the edit is kept. Stored: {Stored}. Seed file: {Seed}.",
                entity, key, SeedRows.Json(current), SeedRows.Json(row));
        }
        loaded.Set(entity, key, row);
        return action;
    }

    /// <summary>The rows of a seed file that parse; a row that does not is logged and skipped.</summary>
    private IEnumerable<T> Rows<T>(string folder, string file, Func<Dictionary<string, string>, T> parse)
    {
        var rows = Read(folder, file);
        for (var i = 0; i < rows.Count; i++)
        {
            T parsed;
            try
            {
                parsed = parse(rows[i]);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or KeyNotFoundException or OverflowException or InvalidOperationException)
            {
                logger.LogWarning("seeds/{File} row {Row}: {Message}; skipped.", file, i + 2, e.Message);
                continue;
            }
            yield return parsed;
        }
    }

    private static Task<int> SeedHolidaysAsync(string folder, WriteSession w, CancellationToken ct) =>
        HolidayStore.SaveAsync(w, Read(folder, "holidays.csv").Select(r => (r["date"], TextFold.Nfc(r["name_vi"])!)), ct);

    private static Indicator IndicatorOf(Dictionary<string, string> r) => new()
    {
        Code = r["code"],
        NameVi = TextFold.Nfc(r["name_vi"])!,
        NameEn = r["name_en"],
        Unit = EnumText.Parse<IndicatorUnit>(r["unit"]),
        Factor = Number(r["factor"])!.Value,
        Direction = EnumText.Parse<Direction>(r["direction"]),
        Aggregation = EnumText.Parse<Aggregation>(r["aggregation"]),
        Frequency = EnumText.Parse<Frequency>(r["frequency"]),
        Decimals = int.Parse(r["decimals"], CultureInfo.InvariantCulture),
        Min = Number(r["min"]),
        Max = Number(r["max"]),
        Group = r["group"],
        PeriodBasis = Empty(r["period_basis"]) is { } periodBasis ? EnumText.Parse<PeriodBasis>(periodBasis) : PeriodBasis.PeriodAlone,
        NumeratorVi = TextFold.Nfc(Empty(r["numerator_vi"])),
        NumeratorEn = Empty(r["numerator_en"]),
        DenominatorVi = TextFold.Nfc(Empty(r["denominator_vi"])),
        DenominatorEn = Empty(r["denominator_en"]),
    };

    private static UnitVersion UnitOf(Dictionary<string, string> r) => new(
        r["id"], r["code"], TextFold.Nfc(r["name_vi"])!, EnumText.Parse<UnitLevel>(r["level"]), Empty(r["parent_id"]),
        Clock.ParseDate(Empty(r["valid_from"])), Clock.ParseDate(Empty(r["valid_to"])), Empty(r["successor_id"]), Empty(r["type"]), Empty(r["note"]),
        Empty(r["formed_from_id"]));

    private static (string SeedKey, TargetDefinition Target) TargetOf(Dictionary<string, string> r)
    {
        var target = new TargetDefinition(r["indicator"], r["unit"], int.Parse(r["year"], CultureInfo.InvariantCulture),
            EnumText.Parse<Comparator>(r["comparator"]), Number(r["value"])!.Value, Number(r["upper_value"]), EnumText.Parse<TargetKind>(r["kind"]),
            Number(r["baseline_value"]), Empty(r["baseline_year"]) is { } by ? int.Parse(by, CultureInfo.InvariantCulture) : null,
            Empty(r["reference_unit"]), TextFold.Nfc(r["source"])!, TextFold.Nfc(Empty(r["quote"])), TextFold.Nfc(Empty(r["note"])),
            Empty(r["cascade"]) is { } cascade ? EnumText.Parse<CascadeTo>(cascade) : CascadeTo.None, TextFold.Nfc(Empty(r["cascade_reason"])),
            Disaggregation.Parse(r["disaggregation"]) is { Key: { } key } ? key : throw new FormatException($"disaggregation '{r["disaggregation"]}' is not category:option pairs."));
        // A seed row is the same target as long as its indicator, unit, year, source document and disaggregation are.
        var seedKey = $"{target.Indicator}|{target.Unit}|{target.Year}|{target.Source}";
        return (target.Disaggregation.Length == 0 ? seedKey : $"{seedKey}|{target.Disaggregation}", target);
    }

    internal static List<Dictionary<string, string>> Read(string folder, string file)
    {
        using var reader = new StreamReader(Path.Combine(folder, file), System.Text.Encoding.UTF8);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) ?? "", StringComparer.Ordinal));
        }
        return rows;
    }

    private static string? Empty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static decimal? Number(string value) =>
        string.IsNullOrWhiteSpace(value) ? null : decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
}

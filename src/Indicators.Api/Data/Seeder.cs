using System.Globalization;
using CsvHelper;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Features.Indicators;
using Indicators.Api.Features.Targets;
using Indicators.Api.Features.Units;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Data;

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
/// Loads <c>seeds/</c> at start-up, idempotently: rows equal to what is stored write nothing, an edited
/// seed row updates its record through the same audited path as the API (targets get a new revision).
/// </summary>
public sealed class Seeder(Database database, UnitDirectory units, IOptions<SeedOptions> options, ILogger<Seeder> logger)
{
    public const string Actor = "seed";

    public async Task RunAsync(CancellationToken ct = default)
    {
        var folder = options.Value.Folder;
        var counts = await database.InTransactionAsync(async (c, t) =>
        {
            var indicators = 0;
            foreach (var indicator in ReadIndicators(folder))
            {
                if (await IndicatorData.SaveAsync(c, t, indicator, Actor, ct) != Features.Change.Unchanged) indicators++;
            }
            var unitChanges = (await UnitData.SaveAsync(c, t, ReadUnits(folder), Actor, ct)).Count(x => x != Features.Change.Unchanged);
            var targets = 0;
            foreach (var (seedKey, target) in ReadTargets(folder))
            {
                var existing = await TargetData.FindBySeedKeyAsync(c, t, seedKey, ct);
                if (existing is null)
                {
                    await TargetData.CreateAsync(c, t, database.Dialect, target, Actor, ct, seedKey);
                    targets++;
                }
                else if ((await TargetData.ReviseAsync(c, t, existing, target, Actor, ct))?.Change == Features.Change.Updated)
                {
                    targets++;
                }
            }
            var holidays = await SeedHolidaysAsync(folder, c, t, ct);
            return (indicators, unitChanges, targets, holidays);
        }, ct);
        units.Invalidate();
        logger.LogInformation("Seeds loaded: {Indicators} indicators, {Units} units, {Targets} targets, {Holidays} holidays changed",
            counts.indicators, counts.unitChanges, counts.targets, counts.holidays);
        if (options.Value.Demo)
        {
            await using var connection = await database.OpenAsync(ct);
            await DemoData.LoadAsync(database, folder, await IndicatorData.AllAsync(connection, ct), await units.GetAsync(ct), ct);
            logger.LogInformation("Demo data loaded: published national figures and a synthetic provincial series");
        }
    }

    private static async Task<int> SeedHolidaysAsync(string folder, System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, CancellationToken ct)
    {
        var existing = (await c.QueryAsync<(string Date, string NameVi)>(new CommandDefinition("SELECT date, name_vi FROM holidays", transaction: t, cancellationToken: ct)))
            .ToDictionary(h => h.Date, h => h.NameVi, StringComparer.Ordinal);
        var changed = Read(folder, "holidays.csv").Select(r => (Date: r["date"], NameVi: TextFold.Nfc(r["name_vi"])!))
            .Where(h => !existing.TryGetValue(h.Date, out var name) || name != h.NameVi).ToList();
        foreach (var h in changed)
        {
            var sql = existing.ContainsKey(h.Date) ? "UPDATE holidays SET name_vi = @NameVi WHERE date = @Date" : "INSERT INTO holidays (date, name_vi) VALUES (@Date, @NameVi)";
            await c.ExecuteAsync(new CommandDefinition(sql, new { h.Date, h.NameVi }, t, cancellationToken: ct));
        }
        await ChangeLog.RecordAsync(c, t, Actor, changed.Select(h => new AuditEntry("holiday", h.Date, existing.ContainsKey(h.Date) ? "updated" : "created", NewData: h)), ct);
        return changed.Count;
    }

    private static IEnumerable<IndicatorResponse> ReadIndicators(string folder) => Read(folder, "indicators.csv").Select(r => new IndicatorResponse
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
    });

    private static List<UnitVersion> ReadUnits(string folder) => Read(folder, "units.csv").Select(r => new UnitVersion(
        r["id"], r["code"], TextFold.Nfc(r["name_vi"])!, EnumText.Parse<UnitLevel>(r["level"]), Empty(r["parent_id"]),
        Clock.ParseDate(Empty(r["valid_from"])), Clock.ParseDate(Empty(r["valid_to"])), Empty(r["successor_id"]), Empty(r["type"]), Empty(r["note"]))).ToList();

    private static IEnumerable<(string SeedKey, TargetDefinition Target)> ReadTargets(string folder) => Read(folder, "targets.csv").Select(r =>
    {
        var target = new TargetDefinition(r["indicator"], r["unit"], int.Parse(r["year"], CultureInfo.InvariantCulture),
            EnumText.Parse<Comparator>(r["comparator"]), Number(r["value"])!.Value, Number(r["upper_value"]), EnumText.Parse<TargetKind>(r["kind"]),
            Number(r["baseline_value"]), Empty(r["baseline_year"]) is { } by ? int.Parse(by, CultureInfo.InvariantCulture) : null,
            Empty(r["reference_unit"]), TextFold.Nfc(r["source"])!, TextFold.Nfc(Empty(r["note"])));
        // A seed row is the same target as long as its indicator, unit, year and source document are.
        return ($"{target.Indicator}|{target.Unit}|{target.Year}|{target.Source}", target);
    });

    internal static IEnumerable<Dictionary<string, string>> Read(string folder, string file)
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

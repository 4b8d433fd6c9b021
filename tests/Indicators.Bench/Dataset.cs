using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Indicators.Bench;

/// <summary>A unit as the service lists it.</summary>
internal sealed record BenchUnit(string Id, string Level, string? ParentId);

/// <summary>An indicator of the seeded catalog.</summary>
internal sealed record BenchIndicator(string Code, string Unit, decimal Factor, string Direction, string Frequency, int Decimals);

/// <summary>One row of an import: every bench indicator is a ratio, so a row carries numerator and denominator.</summary>
internal readonly record struct ValueRow(string Unit, string Period, string Indicator, decimal Numerator, decimal Denominator);

/// <summary>A target of the bench, inserted straight into the schema by the set-up.</summary>
internal sealed record BenchTarget(string Indicator, string Unit, int Year, string Comparator, decimal Value, string Kind, decimal? BaselineValue, int? BaselineYear);

/// <summary>
/// The deterministic national dataset: the current provinces and their communes, ratio indicators of the seeded
/// catalog, quarters from 2025Q3 (the first quarter the 3,321 communes exist in), every figure a pure function of
/// (unit, indicator, quarter) so two runs write the same rows.
/// </summary>
internal sealed class Dataset
{
    /// <summary>The first quarter of the data: the communes of the 2025 reform exist from 1 July 2025.</summary>
    public const int FirstYear = 2025;
    public const int FirstQuarter = 3;

    private readonly Dictionary<string, int> _unitIndex;
    private readonly Dictionary<string, int> _indicatorIndex;

    public Dataset(IReadOnlyList<BenchUnit> provinces, IReadOnlyList<BenchUnit> communes, IReadOnlyList<BenchIndicator> indicators, int quarters)
    {
        Provinces = provinces;
        Communes = communes;
        Indicators = indicators;
        Periods = Enumerable.Range(0, quarters).Select(QuarterAt).ToList();
        Units = provinces.Concat(communes).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        _unitIndex = Units.Select((u, i) => (u.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _indicatorIndex = indicators.Select((x, i) => (x.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<BenchUnit> Provinces { get; }
    public IReadOnlyList<BenchUnit> Communes { get; }
    public IReadOnlyList<BenchUnit> Units { get; }
    public IReadOnlyList<BenchIndicator> Indicators { get; }
    public IReadOnlyList<string> Periods { get; }

    /// <summary>The day after the last quarter plus six weeks: the bench service's "today", so every value counts.</summary>
    public DateOnly Today => PeriodEnd(Periods[^1]).AddDays(45);

    /// <summary>
    /// The 20 indicators: the catalog's ratio indicators (numerator and denominator, so provinces derive exactly from
    /// their communes), the quarterly ones first, then the yearly ones, each by code.
    /// </summary>
    public static List<BenchIndicator> Choose(IEnumerable<BenchIndicator> catalog, int count) =>
        catalog.Where(i => i.Frequency is "quarterly" or "yearly")
            .Where(i => i.Factor > 0 && !string.Equals(i.Code, "POPULATION", StringComparison.Ordinal))
            .Where(i => i.Unit is "percent" or "per10k" or "per1000" or "ratio")
            .OrderBy(i => i.Frequency == "quarterly" ? 0 : 1).ThenBy(i => i.Code, StringComparer.Ordinal)
            .Take(count)
            .ToList();

    /// <summary>
    /// Every row, in the order of a national export: by quarter, then unit id, then indicator. Communes report every
    /// indicator each quarter (a yearly indicator accepts finer periods: its latest quarter stands for the year);
    /// provinces report their quarterly indicators themselves, the yearly ones are derived from their communes.
    /// </summary>
    public IEnumerable<ValueRow> Rows()
    {
        for (var p = 0; p < Periods.Count; p++)
        {
            foreach (var unit in Units)
            {
                var province = unit.Level == "province";
                foreach (var indicator in Indicators)
                {
                    if (province && indicator.Frequency != "quarterly") continue;
                    yield return Row(unit, indicator, p);
                }
            }
        }
    }

    public long RowCount =>
        (long)Periods.Count * (Communes.Count * Indicators.Count + Provinces.Count * Indicators.Count(i => i.Frequency == "quarterly"));

    /// <summary>The row of a unit, an indicator and the quarter at <paramref name="p"/>, computed from them alone.</summary>
    public ValueRow Row(BenchUnit unit, BenchIndicator indicator, int p)
    {
        var (rate, denominator) = Level(unit, indicator, p);
        var numerator = Math.Round(denominator * rate / indicator.Factor, 0, MidpointRounding.AwayFromZero);
        if (indicator.Unit == "percent") numerator = Math.Min(numerator, denominator);
        return new ValueRow(unit.Id, Periods[p], indicator.Code, numerator, denominator);
    }

    /// <summary>The rate (in the indicator's unit) and the denominator of a unit at quarter <paramref name="p"/>.</summary>
    private (decimal Rate, decimal Denominator) Level(BenchUnit unit, BenchIndicator indicator, int p)
    {
        var h = Mix((ulong)_unitIndex[unit.Id] * 1000 + (ulong)_indicatorIndex[indicator.Code]);
        var fraction = (decimal)(h % 10_000) / 10_000m; // 0 … 1, fixed per unit and indicator
        var population = unit.Level == "province" ? 800_000 + (decimal)(h / 10_000 % 3_000_000) : 3_000 + (decimal)(h / 10_000 % 40_000);
        var higher = indicator.Direction == "higher";
        var step = (higher ? 1 : -1) * (0.2m + fraction / 5m) * p; // a slow trend towards (or, for 10 % of the pairs, away from) the target
        if (h % 10 == 0) step = -step;
        return indicator.Unit switch
        {
            "percent" => (Math.Clamp(55m + 40m * fraction + step, 1m, 99.5m), population),
            "per10k" => (Math.Max(1m, 5m + 30m * fraction + step), population),
            "per1000" => (Math.Max(1m, 5m + 25m * fraction + step), Math.Max(50m, Math.Round(population / 60m))),
            _ => (Math.Max(0.5m, 1m + 3m * fraction + step / 4m), unit.Level == "province" ? 100m : 1m), // per station
        };
    }

    /// <summary>
    /// Targets: every province × indicator for 2025, 2030 and 2045, every commune × indicator for 2030. Mostly
    /// absolute (≥ for higher-is-better, ≤ for lower), every fifth one relative to a given baseline.
    /// </summary>
    public IEnumerable<BenchTarget> Targets()
    {
        foreach (var (units, years) in new[] { (Provinces, new[] { 2025, 2030, 2045 }), (Communes, new[] { 2030 }) })
        {
            foreach (var unit in units)
            {
                foreach (var indicator in Indicators)
                {
                    var (baseline, _) = Level(unit, indicator, 0);
                    baseline = Math.Round(baseline, indicator.Decimals);
                    foreach (var year in years)
                    {
                        var higher = indicator.Direction == "higher";
                        var change = Math.Round(baseline * (year - FirstYear + 2) / 40m, indicator.Decimals);
                        var limit = indicator.Unit == "percent" ? 99.9m : decimal.MaxValue;
                        if ((_unitIndex[unit.Id] + _indicatorIndex[indicator.Code] + year) % 5 == 0)
                        {
                            yield return new BenchTarget(indicator.Code, unit.Id, year, higher ? "gte" : "lte",
                                higher ? Math.Min(change, limit - baseline) : change, higher ? "increaseBy" : "decreaseBy", baseline, FirstYear);
                        }
                        else
                        {
                            yield return new BenchTarget(indicator.Code, unit.Id, year, higher ? "gte" : "lte",
                                higher ? Math.Min(baseline + change, limit) : Math.Max(0, baseline - change), "absolute", null, null);
                        }
                    }
                }
            }
        }
    }

    public static string QuarterAt(int index)
    {
        var q = FirstQuarter - 1 + index;
        return string.Create(CultureInfo.InvariantCulture, $"{FirstYear + q / 4}Q{q % 4 + 1}");
    }

    public static DateOnly PeriodStart(string quarter) =>
        new(int.Parse(quarter[..4], CultureInfo.InvariantCulture), (quarter[5] - '1') * 3 + 1, 1);

    public static DateOnly PeriodEnd(string quarter) => PeriodStart(quarter).AddMonths(3).AddDays(-1);

    /// <summary>Writes the rows as an import CSV in UTF-8.</summary>
    public static void WriteCsv(IReadOnlyList<ValueRow> rows, Stream output)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        text.Write("unit,period,indicator,value,numerator,denominator,comment\n");
        foreach (var r in rows)
        {
            text.Write(r.Unit);
            text.Write(',');
            text.Write(r.Period);
            text.Write(',');
            text.Write(r.Indicator);
            text.Write(",,");
            text.Write(r.Numerator.ToString(CultureInfo.InvariantCulture));
            text.Write(',');
            text.Write(r.Denominator.ToString(CultureInfo.InvariantCulture));
            text.Write(",\n");
        }
    }

    /// <summary>Writes the rows as an import JSON document.</summary>
    public static void WriteJson(IReadOnlyList<ValueRow> rows, Stream output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartArray("rows");
        foreach (var r in rows)
        {
            json.WriteStartObject();
            json.WriteString("unit", r.Unit);
            json.WriteString("period", r.Period);
            json.WriteString("indicator", r.Indicator);
            json.WriteNumber("numerator", r.Numerator);
            json.WriteNumber("denominator", r.Denominator);
            json.WriteEndObject();
            // The writer keeps what it wrote until flushed: in pieces, so it never holds the whole document.
            if (json.BytesPending > 64 * 1024) json.Flush();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>SplitMix64: a fixed, well-spread hash (no <see cref="Random"/>, whose sequence is not a contract).</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

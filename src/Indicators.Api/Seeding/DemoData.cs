using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Api.Storage;
using Indicators.Api.Writing;

namespace Indicators.Api.Seeding;

/// <summary>
/// Demo actuals, loaded only with <c>Seed:Demo=true</c> or <c>--demo</c>: the published national figures of
/// <c>seeds/demo/national-actuals.csv</c> with their sources, and a clearly labelled synthetic series for the
/// provinces — the current ones from their start, the former ones up to 2025Q2 — with a few disaggregated series: the
/// national height of 18-year-olds by sex, and BHYT coverage by ethnicity in the communes of Lai Châu (so the equity
/// report has groups to compare). The series is deterministic,
/// so loading it again changes nothing. It never touches what a person or an import wrote: a unit and period whose
/// submission is not the demo's own (any value or status change by another actor) is left as it is.
/// </summary>
public static class DemoData
{
    public const string Actor = DemoValues.Actor;
    public const string SyntheticSource = DemoValues.SyntheticSource;

    /// <summary>The last quarter of the synthetic series; a few provinces are left without it, to show missing reports.</summary>
    public static readonly Period LastQuarter = Period.Parse("2026Q3");

    private static readonly string[] QuarterlyRates =
        ["BHYT_COVERAGE", "EPI_FULL_IMMUNIZATION", "E_HEALTH_BOOK_RATE", "BHYT_VISITS_AT_COMMUNE_SHARE", "NCD_MANAGING_STATIONS_RATE", "HEALTH_MANAGED_POPULATION_RATE", "COMMUNE_STATIONS_WITH_DOCTOR_RATE"];

    /// <returns>The number of values written.</returns>
    public static async Task<int> LoadAsync(Database database, string seedFolder, IReadOnlyList<Indicator> indicators, UnitGraph units, CancellationToken ct)
    {
        DisaggregationRules rules;
        await using (var connection = await database.OpenAsync(ct)) rules = await CategoryStore.RulesAsync(connection, null, ct);
        var checks = new ValueChecks(indicators.ToDictionary(i => i.Code, StringComparer.Ordinal), units, today: null, rules);
        var published = Seeder.Read(seedFolder, Path.Combine("demo", "national-actuals.csv"))
            .GroupBy(r => r["source"])
            .Select(g => (Source: g.Key, Inputs: g.Select(r => PublishedInput(r, indicators)).ToList()));
        var written = 0;
        foreach (var (source, inputs) in published)
        {
            written += await WriteAsync(database, checks, inputs, source, ct);
        }
        written += await WriteAsync(database, checks, Synthetic(units).ToList(), SyntheticSource, ct);
        await BackdateAsync(database, ct);
        return written;
    }

    /// <summary>
    /// The demo's submissions are stamped with the load time; for the compliance panel to mean something they are
    /// given plausible submission dates instead: 5 to 44 days after their period ended, drawn from the unit.
    /// </summary>
    private static Task BackdateAsync(Database database, CancellationToken ct) =>
        database.InTransactionAsync(Actor, w => SubmissionStore.RestampSubmittedAsync(w, (unitId, period) =>
        {
            var days = 5 + Math.Abs(unitId.Aggregate(period.Id.Length, (h, ch) => unchecked(h * 31 + ch))) % 40;
            return new DateTimeOffset(period.End.AddDays(days).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(7));
        }, ct), ct);

    private static async Task<int> WriteAsync(Database database, ValueChecks checks, IReadOnlyList<ValueInput> inputs, string source, CancellationToken ct)
    {
        var (values, errors) = checks.Check(inputs, "demo");
        if (errors.Count > 0) throw new InvalidOperationException("Demo data does not pass the value checks: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        var result = await database.InTransactionAsync(Actor, async w =>
        {
            var submissions = await SubmissionStore.LoadManyAsync(w.Connection, w.Transaction, values.Select(v => (v.UnitId, v.Period.Id)), ct);
            var free = values.Where(v => IsDemos(submissions[(v.UnitId, v.Period.Id)])).ToList();
            return await SubmissionStore.WriteAsync(w.Connection, w, free, SubmissionAction.Submit, reason: "demo data", atomic: true, ct, source);
        }, ct);
        return result.Imported + result.Updated;
    }

    /// <summary>A unit and period the demo may write: no submission yet, or one only the demo has touched.</summary>
    private static bool IsDemos(SubmissionState submission) =>
        submission.Row is null || (submission.Row.UpdatedBy == Actor && submission.Values.Values.All(v => v.UpdatedBy == Actor));

    /// <summary>A published yearly figure of a quarterly stock (a coverage rate) is stored as the year's last quarter.</summary>
    private static ValueInput PublishedInput(Dictionary<string, string> row, IReadOnlyList<Indicator> indicators)
    {
        var indicator = indicators.Single(i => i.Code == row["indicator"]);
        var period = row["period"].Length == 4 && indicator.Frequency == Frequency.Quarterly ? row["period"] + "Q4" : row["period"];
        return new ValueInput(row["unit"], period, indicator.Code, decimal.Parse(row["value"], CultureInfo.InvariantCulture), null, null, null);
    }

    private static IEnumerable<ValueInput> Synthetic(UnitGraph units)
    {
        var provinces = units.All.Where(u => u.Level == UnitLevel.Province).OrderBy(u => u.Id, StringComparer.Ordinal);
        var quarters = Enumerable.Range(2023, 4).SelectMany(y => Period.InYear(y, PeriodKind.Quarter)).Where(q => q <= LastQuarter).ToList();
        foreach (var unit in provinces)
        {
            var profile = new Profile(unit.Id);
            foreach (var quarter in quarters.Where(q => unit.IsValidOn(q.End) && !(q == LastQuarter && profile.MissesLastQuarter)))
            {
                foreach (var code in QuarterlyRates) yield return Rate(unit.Id, quarter, code, profile);
            }
            foreach (var year in Enumerable.Range(2021, 5).Select(Period.ForYear).Where(y => unit.IsValidOn(y.End)))
            {
                var population = profile.Population(year);
                yield return new ValueInput(unit.Id, year.Id, "POPULATION", population, null, null, null);
                yield return PerPopulation(unit.Id, year, "DOCTORS_PER_10K", profile.Level(year, 8, 14, 0.45m), population, 10000m);
                yield return PerPopulation(unit.Id, year, "BEDS_PER_10K", profile.Level(year, 24, 40, 0.8m), population, 10000m);
                var births = Math.Round(population * 0.015m);
                yield return PerPopulation(unit.Id, year, "INFANT_MORTALITY_PER_1000", profile.Level(year, 9, 22, -0.45m), births, 1000m);
                yield return new ValueInput(unit.Id, year.Id, "LIFE_EXPECTANCY", Math.Round(profile.Level(year, 71, 76, 0.15m), 1), null, null, null);
            }
        }
        foreach (var input in Disaggregated(units, quarters)) yield return input;
    }

    /// <summary>The province whose communes report BHYT coverage by ethnicity: Lai Châu, mostly ethnic minorities.</summary>
    public const string EthnicityProvince = "12";

    private static IEnumerable<ValueInput> Disaggregated(UnitGraph units, IReadOnlyList<Period> quarters)
    {
        var country = new Profile("VN");
        foreach (var year in Enumerable.Range(2021, 5).Select(Period.ForYear))
        {
            yield return new ValueInput("VN", year.Id, "HEIGHT_18", Math.Round(country.Level(year, 165.0m, 165.6m, 0.2m, "male"), 1), null, null, null, Sex("male"));
            yield return new ValueInput("VN", year.Id, "HEIGHT_18", Math.Round(country.Level(year, 154.6m, 155.2m, 0.25m, "female"), 1), null, null, null, Sex("female"));
        }
        foreach (var quarter in quarters)
        {
            foreach (var commune in units.Children(EthnicityProvince).Where(c => c.IsValidOn(quarter.End)).OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                var profile = new Profile(commune.Id);
                var people = Math.Round(profile.Population(Period.ForYear(quarter.Year)) / 100m);
                var minority = Math.Round(people * (0.6m + Math.Abs(commune.Id.Aggregate(7, (h, c) => unchecked(h * 31 + c)) % 30) / 100m));
                foreach (var (group, count, low, high) in new[] { ("kinh", people - minority, 92m, 97m), ("minority", minority, 82m, 92m) })
                {
                    var rate = Math.Clamp(profile.Level(quarter, low, high, 0.8m, group), 0, 99.8m);
                    yield return new ValueInput(commune.Id, quarter.Id, "BHYT_COVERAGE", null, Math.Round(count * rate / 100m), count, null,
                        new Dictionary<string, string?> { ["ethnicity"] = group });
                }
            }
        }
    }

    private static Dictionary<string, string?> Sex(string option) => new() { ["sex"] = option };

    private static ValueInput Rate(string unit, Period quarter, string code, Profile profile)
    {
        // Bình Thuận's worked case: BHYT coverage of exactly 95.00 % in 2025Q2 meets "đạt 95%" but not "trên 95%".
        if (unit == "60" && code == "BHYT_COVERAGE" && quarter.Id == "2025Q2") return new ValueInput(unit, quarter.Id, code, 95.00m, null, null, null);
        var rate = code switch
        {
            "BHYT_COVERAGE" => profile.Level(quarter, 86, 94, 0.9m, code),
            "EPI_FULL_IMMUNIZATION" => profile.Level(quarter, 91, 97, 0.3m, code),
            "E_HEALTH_BOOK_RATE" => profile.Level(quarter, 5, 25, 12m, code),
            "BHYT_VISITS_AT_COMMUNE_SHARE" => profile.Level(quarter, 12, 24, 0.4m, code),
            "NCD_MANAGING_STATIONS_RATE" => profile.Level(quarter, 60, 90, 3m, code),
            "HEALTH_MANAGED_POPULATION_RATE" => profile.Level(quarter, 70, 90, 2m, code),
            _ => profile.Level(quarter, 80, 98, 1m, code),
        };
        rate = Math.Clamp(rate, 0, 99.8m);
        var population = profile.Population(Period.ForYear(quarter.Year));
        var numerator = Math.Round(population * rate / 100m);
        return new ValueInput(unit, quarter.Id, code, null, numerator, population, null);
    }

    private static ValueInput PerPopulation(string unit, Period year, string code, decimal rate, decimal denominator, decimal factor) =>
        new(unit, year.Id, code, null, Math.Round(rate * denominator / factor), denominator, null);

    /// <summary>A province's synthetic character: size, starting levels and pace, all drawn from its id.</summary>
    private sealed class Profile(string unitId)
    {
        private readonly int _seed = unitId.Aggregate(17, (h, c) => unchecked(h * 31 + c));

        public bool MissesLastQuarter => Math.Abs(_seed) % 7 == 0;

        public decimal Population(Period year) =>
            Math.Round((800_000m + Math.Abs(_seed) % 40 * 100_000m) * (1 + 0.01m * (year.Year - 2021)));

        /// <summary>A level between <paramref name="low"/> and <paramref name="high"/> in 2023, moving by <paramref name="perYear"/>, with a little noise.</summary>
        public decimal Level(Period period, decimal low, decimal high, decimal perYear, string salt = "")
        {
            var random = new Random(unchecked(_seed * 7 + salt.Aggregate(3, (h, c) => h * 31 + c) + period.Year * 13 + period.Number));
            var start = low + (high - low) * (Math.Abs(unchecked(_seed + salt.Length * 101)) % 1000) / 1000m;
            var years = Period.DecimalYear(period.End) - 2023m;
            var pace = perYear * (0.6m + Math.Abs(_seed % 9) / 10m);
            var noise = (decimal)(random.NextDouble() - 0.5) * (high - low) * 0.02m;
            return Math.Round(start + pace * years + noise, 2);
        }
    }
}

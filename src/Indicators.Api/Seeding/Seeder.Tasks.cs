using System.Globalization;
using System.Text.RegularExpressions;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Storage;

namespace Indicators.Api.Seeding;

/// <summary>The task register's seeds: <c>agencies.csv</c> (with their 2025 successions) and <c>tasks.csv</c>, under the same rules as every seed.</summary>
public sealed partial class Seeder
{
    private const string AgencyEntity = "agency";
    private const string TaskEntity = "task";

    /// <summary>Agency and task cells list several entries joined by this.</summary>
    private const string ListSeparator = " | ";

    private async Task<(int Agencies, int Tasks)> SeedTaskRegisterAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var agencies = await SeedAgenciesAsync(folder, loaded, w, ct);
        var tasks = await SeedTasksAsync(folder, loaded, w, ct);
        return (agencies, tasks);
    }

    private async Task<int> SeedAgenciesAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var stored = await AgencyStore.AllAsync(w.Connection, w.Transaction, ct);
        var writers = await AgencyStore.LastWritersAsync(w.Connection, w.Transaction, ct);
        var apply = Rows(folder, "agencies.csv", AgencyOf)
            .Where(row => Decide(loaded, AgencyEntity, row.Code, stored.GetValueOrDefault(row.Code), deleted: false, writers, row) is SeedAction.Create or SeedAction.Update)
            .ToList();
        var merged = stored.Values.Where(a => apply.All(n => n.Code != a.Code)).Concat(apply).ToList();
        if (AgencyGraph.Problem(merged) is { } problem)
        {
            logger.LogError("seeds/agencies.csv was not loaded: {Problem}", problem);
            return 0;
        }
        return await AgencyStore.SaveAsync(w, apply, ct);
    }

    private async Task<int> SeedTasksAsync(string folder, SeedRows loaded, WriteSession w, CancellationToken ct)
    {
        var byAlias = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agency in (await AgencyStore.AllAsync(w.Connection, w.Transaction, ct)).Values)
        {
            foreach (var alias in agency.Aliases) byAlias[alias] = agency.Code;
        }
        var unitIds = (await UnitStore.AllAsync(w.Connection, w.Transaction, ct)).Keys.ToHashSet(StringComparer.Ordinal);
        var changed = 0;
        foreach (var (seedKey, row, targets) in Rows(folder, "tasks.csv", r => TaskOf(r, byAlias)))
        {
            if (!unitIds.Contains(row.Unit))
            {
                logger.LogWarning("Seed task {SeedKey} names an unknown unit {Unit}; skipped.", seedKey, row.Unit);
                continue;
            }
            var ids = new List<long>();
            foreach (var (indicator, year) in targets)
            {
                // The target the task serves is the one the same document set for the same unit and year.
                if (await TargetStore.FindBySeedKeyAsync(w.Connection, w.Transaction, $"{indicator}|{row.Unit}|{year}|{row.Source}", ct) is { DeletedAt: null } target) ids.Add(target.Target.Id);
                else logger.LogWarning("Seed task {SeedKey} serves a target {Indicator} {Year} that is not seeded; the link is left out.", seedKey, indicator, year);
            }
            var task = row with { Targets = ids };
            var existing = await TaskStore.FindBySeedKeyAsync(w.Connection, w.Transaction, seedKey, ct);
            var writers = existing is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [seedKey] = existing.Value.UpdatedBy };
            switch (Decide(loaded, TaskEntity, seedKey, existing?.Task.Definition, deleted: false, writers, task))
            {
                case SeedAction.Create:
                    await TaskStore.CreateAsync(w, task, ct, seedKey);
                    changed++;
                    break;
                case SeedAction.Update:
                    await TaskStore.ReviseAsync(w, existing!.Value.Task, task, ct);
                    changed++;
                    break;
            }
        }
        return changed;
    }

    private static Agency AgencyOf(Dictionary<string, string> r) => new(
        r["code"], TextFold.Nfc(r["name_vi"])!.Trim(),
        // "people's committee" in the file, peoplesCommittee in the API.
        EnumText.Parse<AgencyKind>(r["kind"].Replace("'", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)),
        Clock.ParseDate(Empty(r["valid_to"])), List(r["successor_code"]), TextFold.Nfc(Empty(r["basis"])), EnumText.Parse<Confidence>(r["confidence"]),
        List(TextFold.Nfc(r["aliases_vi"])!));

    private static (string SeedKey, PlanTaskDefinition Task, IReadOnlyList<(string Indicator, int Year)> Targets) TaskOf(
        Dictionary<string, string> r, IReadOnlyDictionary<string, string> byAlias)
    {
        var source = TextFold.Nfc(r["source"])!.Trim();
        if (IssueDate().Match(source) is not { Success: true } date)
        {
            throw new FormatException($"the source '{source}' does not end with the document's date (d/m/yyyy)");
        }
        var dueText = TextFold.Nfc(Empty(r["due_text"]));
        if (!TaskDue.TryParse(dueText, out _, out var dueError)) throw new FormatException(dueError);
        IReadOnlyList<string> Agencies(string cell) => List(TextFold.Nfc(cell)!)
            .Select(name => byAlias.TryGetValue(name, out var code) ? code : throw new FormatException($"no agency in agencies.csv has the alias '{name}'"))
            .ToList();
        var targets = List(r["targets"]).Select(pair => pair.Split(' ') is [var indicator, var year]
                ? (indicator, int.Parse(year, CultureInfo.InvariantCulture))
                : throw new FormatException($"'{pair}' is not an indicator code and a year"))
            .ToList();
        var task = new PlanTaskDefinition(source,
            new DateOnly(int.Parse(date.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(date.Groups["m"].Value, CultureInfo.InvariantCulture),
                int.Parse(date.Groups["d"].Value, CultureInfo.InvariantCulture)),
            r["unit_code"], Empty(r["part"]), r["item"], TextFold.Nfc(r["text_vi"])!, Agencies(r["lead_agencies"]), Agencies(r["partner_agencies"]),
            TextFold.Nfc(Empty(r["output_form"])), dueText, TextFold.Nfc(Empty(r["note"])), TextFold.Nfc(Empty(r["ocr_doubt"])), []);
        // A seed row is the same task as long as its document, part and item are.
        return ($"{task.Source}|{task.Part}|{task.Item}", task, targets);
    }

    private static IReadOnlyList<string> List(string cell) =>
        cell.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4})$")]
    private static partial Regex IssueDate();
}

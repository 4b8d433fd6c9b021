namespace Indicators.Api.Domain;

/// <summary>A target as judged for one unit: the unit's own, or one of a unit above it that cascades down to it.</summary>
public sealed record JudgedTarget(Target Target, string Unit, bool Inherited);

/// <summary>
/// Which units a target is judged for (DESIGN §2 Targets): its own unit, and with a cascade every unit of the cascade's
/// levels below it that is valid on the day the target is judged at and has no target of its own for that indicator,
/// year and disaggregation. Where cascades of several levels reach a unit, the nearest one above it applies (a province's own cascading
/// target, not the country's, for its communes).
/// </summary>
public static class TargetCascade
{
    public static IReadOnlySet<UnitLevel> Levels(CascadeTo cascade) => cascade switch
    {
        CascadeTo.None => new HashSet<UnitLevel>(),
        CascadeTo.Provinces => new HashSet<UnitLevel> { UnitLevel.Province },
        CascadeTo.ProvincesAndCommunes => new HashSet<UnitLevel> { UnitLevel.Province, UnitLevel.Commune },
        _ => throw new ArgumentOutOfRangeException(nameof(cascade), cascade, null),
    };

    /// <param name="targets">Targets ordered by id.</param>
    /// <param name="judgedOn">The day the targets of a year are judged at: inherited units are those valid then.</param>
    /// <returns>Every target for its own unit in id order, then the inherited ones by target id and unit id.</returns>
    public static IReadOnlyList<JudgedTarget> Expand(IReadOnlyList<Target> targets, UnitGraph units, Func<int, DateOnly> judgedOn)
    {
        // The deepest cascading targets claim their units first, so the nearest target above a unit is the one it inherits.
        var cascading = targets.Where(t => t.CascadeTo != CascadeTo.None).OrderByDescending(t => Depth(units, t.Unit)).ThenBy(t => t.Id).ToList();
        // Only a target of a cascading one's indicator, year and disaggregation keeps it from a unit: with no cascade, none is looked at.
        var cascaded = cascading.Select(t => (t.Indicator, t.Year, t.Disaggregation)).ToHashSet();
        var claimed = targets.Where(t => cascaded.Contains((t.Indicator, t.Year, t.Disaggregation)))
            .Select(t => (t.Indicator, t.Unit, t.Year, t.Disaggregation)).ToHashSet();
        // Every target of a unit and day walks the same units below it: walked and put in id order once, each
        // target's inherited rows come out in unit order without sorting them all.
        var below = new Dictionary<(string Unit, DateOnly On), UnitVersion[]>();
        var inherited = new List<(Target Target, List<JudgedTarget> Rows)>();
        foreach (var target in cascading)
        {
            var on = judgedOn(target.Year);
            if (!below.TryGetValue((target.Unit, on), out var descendants))
            {
                below[(target.Unit, on)] = descendants = [.. Descendants(units, target.Unit, on).OrderBy(u => u.Id, StringComparer.Ordinal)];
            }
            var levels = Levels(target.CascadeTo);
            var rows = new List<JudgedTarget>();
            foreach (var unit in descendants)
            {
                if (levels.Contains(unit.Level) && claimed.Add((target.Indicator, unit.Id, target.Year, target.Disaggregation)))
                {
                    rows.Add(new JudgedTarget(target, unit.Id, Inherited: true));
                }
            }
            inherited.Add((target, rows));
        }
        var judged = new List<JudgedTarget>(targets.Count + inherited.Sum(i => i.Rows.Count));
        judged.AddRange(targets.Select(t => new JudgedTarget(t, t.Unit, Inherited: false)));
        foreach (var (_, rows) in inherited.OrderBy(i => i.Target.Id)) judged.AddRange(rows);
        return judged;
    }

    private static int Depth(UnitGraph units, string unitId)
    {
        var depth = 0;
        for (var unit = units.Find(unitId); unit?.ParentId is { } parent; unit = units.Find(parent)) depth++;
        return depth;
    }

    /// <summary>The units below <paramref name="unitId"/> valid on <paramref name="on"/>, through children valid then.</summary>
    private static IEnumerable<UnitVersion> Descendants(UnitGraph units, string unitId, DateOnly on)
    {
        var pending = new Queue<string>([unitId]);
        while (pending.TryDequeue(out var id))
        {
            foreach (var child in units.Children(id).Where(c => c.IsValidOn(on)))
            {
                yield return child;
                pending.Enqueue(child.Id);
            }
        }
    }
}

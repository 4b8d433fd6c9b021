namespace Indicators.Api.Domain;

/// <summary>The levels that approve reported data, lowest first: the commune health station, the province's Sở Y tế, the Ministry.</summary>
public enum ApprovalLevel { Commune, Province, Ministry }

/// <summary>Where one level of a submission's chain stands: nothing done yet (or undone by a return), approved, or returned with a reason.</summary>
public enum ApprovalState { Pending, Approved, Returned }

/// <summary>A level's last act on a submission; a pending level has no one and no time.</summary>
public sealed record LevelApproval(ApprovalLevel Level, ApprovalState Status, string? By, DateTimeOffset? At, string? Reason);

/// <summary>
/// What an approval, a return or a reopening does: the submission's new status, the state of every level of its chain
/// after it, the levels this step approved (a key approves through the pending levels below its own), and the
/// indicators a return or reopening made editable (null: the whole submission).
/// </summary>
public sealed record ApprovalOutcome(SubmissionStatus Next, IReadOnlyList<LevelApproval> Levels, IReadOnlyList<ApprovalLevel> Approved, IReadOnlyList<string>? Editable);

/// <summary>A step taken at a level: the submission's chain, the level the key acts at, the unit of each level (for notices), and the indicators a return or reopening is limited to.</summary>
public sealed record ApprovalRequest(IReadOnlyList<ApprovalLevel> Chain, ApprovalLevel Acting, IReadOnlyDictionary<ApprovalLevel, string> LevelUnits, IReadOnlyList<string>? Indicators = null);

/// <summary>
/// Multi-level approval: a commune's data is approved at commune, then province, then Ministry level, a province's at
/// province then Ministry level (the configured levels at or above the unit's own). The status keeps its single-level
/// meaning — <c>approved</c> (and locked) from the first approval on — and the chain says how far up it went. A key acts
/// at its own level and approves through the pending levels below it, so one call of an upper level approves as a single
/// level did; no level acts below an approved one (an approved upper level locks the lower levels). A level returns only
/// what no level at or above it has approved; a return or reopening voids every approval, so the corrected data climbs
/// the chain again.
/// </summary>
public static class ApprovalChain
{
    public static readonly IReadOnlyList<ApprovalLevel> AllLevels = [ApprovalLevel.Commune, ApprovalLevel.Province, ApprovalLevel.Ministry];

    /// <summary>Levels written as <c>commune,province,ministry</c> (any subset, in that order).</summary>
    public static bool TryParse(string? text, out IReadOnlyList<ApprovalLevel> levels, out string? error)
    {
        levels = [];
        error = null;
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var parsed = new List<ApprovalLevel>();
        foreach (var part in parts)
        {
            if (!EnumText.TryParse<ApprovalLevel>(part, out var level))
            {
                error = $"'{part}' is not an approval level: use commune, province or ministry.";
                return false;
            }
            if (parsed.Count > 0 && level <= parsed[^1])
            {
                error = "Approval levels must be listed once each, lowest first (commune, province, ministry).";
                return false;
            }
            parsed.Add(level);
        }
        if (parsed.Count == 0)
        {
            error = "At least one approval level is needed (commune, province or ministry).";
            return false;
        }
        levels = parsed;
        return true;
    }

    /// <summary>The level a unit's own officers act at: a commune's at commune level, a province's at province level, the country's at Ministry level; a former district at none.</summary>
    public static ApprovalLevel? LevelOf(UnitLevel unit) => unit switch
    {
        UnitLevel.Country => ApprovalLevel.Ministry,
        UnitLevel.Province => ApprovalLevel.Province,
        UnitLevel.Commune => ApprovalLevel.Commune,
        _ => null,
    };

    /// <summary>
    /// The chain of a unit's data: the <paramref name="configured"/> levels at or above the unit's own (a former district's
    /// data starts at province level); when none is, the highest configured level (with <c>province</c> only, the
    /// country's data too is approved at province level, as with a single level).
    /// </summary>
    public static IReadOnlyList<ApprovalLevel> For(UnitLevel unit, IReadOnlyList<ApprovalLevel> configured)
    {
        var own = LevelOf(unit) ?? ApprovalLevel.Province;
        var chain = configured.Where(l => l >= own).ToList();
        return chain.Count > 0 ? chain : [configured[^1]];
    }

    /// <summary>The unit each level is of, for <paramref name="unit"/>'s data: the unit itself, then its ancestors (a commune's province, the country).</summary>
    public static IReadOnlyDictionary<ApprovalLevel, string> LevelUnits(UnitVersion unit, UnitGraph graph)
    {
        var units = new Dictionary<ApprovalLevel, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = unit; current is not null && seen.Add(current.Id); current = current.ParentId is null ? null : graph.Find(current.ParentId))
        {
            if (LevelOf(current.Level) is { } level) units.TryAdd(level, current.Id);
        }
        return units;
    }

    /// <summary>
    /// The level a key acts at on <paramref name="unit"/>'s data: the highest level of the key's units that cover it (a
    /// province's key acts at province level on its communes); null when none has a level (a former district).
    /// </summary>
    public static ApprovalLevel? ActingLevel(UnitVersion unit, IEnumerable<string> scope, UnitGraph graph) =>
        scope.Select(graph.Find).OfType<UnitVersion>()
            .Where(s => graph.IsCovered(unit.Id, [s.Id]))
            .Select(s => LevelOf(s.Level))
            .Max();

    /// <summary>Every level of the chain, lowest first, with its stored act or pending.</summary>
    public static IReadOnlyList<LevelApproval> View(IReadOnlyList<ApprovalLevel> chain, IEnumerable<LevelApproval> stored)
    {
        var byLevel = stored.ToDictionary(s => s.Level);
        return chain.Select(l => byLevel.GetValueOrDefault(l) ?? Pending(l)).ToList();
    }

    /// <summary>The lowest level of the chain still to approve a submitted or approved submission, or null when every level has.</summary>
    public static ApprovalLevel? Awaiting(SubmissionStatus? status, IReadOnlyList<LevelApproval> view) =>
        status is SubmissionStatus.Submitted or SubmissionStatus.Approved ? view.FirstOrDefault(v => v.Status != ApprovalState.Approved)?.Level : null;

    /// <summary>
    /// Approve, return or reopen <paramref name="status"/> at level <paramref name="acting"/>, or the reason it is refused
    /// (naming the level). <paramref name="indicators"/> limits a return or reopening to those values.
    /// </summary>
    public static (ApprovalOutcome? Outcome, string? Refusal) Apply(SubmissionStatus? status, IReadOnlyList<ApprovalLevel> chain, IEnumerable<LevelApproval> stored,
        SubmissionAction action, ApprovalLevel acting, string actor, DateTimeOffset at, string? reason, IReadOnlyList<string>? indicators = null)
    {
        if (!chain.Contains(acting))
        {
            return (null, $"The {EnumText.Of(acting)} level does not approve this submission; its approval levels are {Describe(chain)}.");
        }
        var view = View(chain, stored);
        var highest = view.LastOrDefault(v => v.Status == ApprovalState.Approved)?.Level;
        var (next, refusal) = SubmissionWorkflow.Apply(status, action);
        switch (action)
        {
            case SubmissionAction.Approve:
                if (status == SubmissionStatus.Approved)
                {
                    if (highest is { } done && done >= acting) return (null, LockedAt(done, acting, "approved"));
                    next = SubmissionStatus.Approved;
                }
                else if (refusal is not null) return (null, refusal);
                var approving = view.Where(v => v.Level <= acting && v.Status != ApprovalState.Approved).Select(v => v.Level).ToList();
                var levels = view.Select(v => approving.Contains(v.Level) ? new LevelApproval(v.Level, ApprovalState.Approved, actor, at, reason) : v).ToList();
                return (new ApprovalOutcome(next!.Value, levels, approving, null), null);

            case SubmissionAction.Return:
                if (status == SubmissionStatus.Approved)
                {
                    if (highest is not { } approvedAt || approvedAt >= acting) return (null, LockedAt(highest ?? acting, acting, "returned"));
                    next = SubmissionStatus.Returned;
                }
                else if (refusal is not null) return (null, refusal);
                return (new ApprovalOutcome(next!.Value, Voided(view, acting, actor, at, reason), [], indicators), null);

            case SubmissionAction.Reopen:
                if (refusal is not null) return (null, refusal);
                return (new ApprovalOutcome(next!.Value, Voided(view, acting, actor, at, reason), [], indicators), null);

            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Only approve, return and reopen act at a level.");
        }
    }

    /// <summary>The levels as written out for a message: <c>commune → province → ministry</c>.</summary>
    public static string Describe(IEnumerable<ApprovalLevel> chain) => string.Join(" → ", chain.Select(EnumText.Of));

    /// <summary>Vietnamese name of a level, for notifications.</summary>
    public static string NameVi(ApprovalLevel level) => level switch
    {
        ApprovalLevel.Commune => "cấp xã",
        ApprovalLevel.Province => "cấp tỉnh",
        _ => "cấp Bộ",
    };

    private static string LockedAt(ApprovalLevel approved, ApprovalLevel acting, string step) => approved == acting
        ? $"The submission is already approved at {EnumText.Of(approved)} level; only a level above it can act on it now, or an administrator reopen it."
        : $"The submission is approved at {EnumText.Of(approved)} level, which locks {EnumText.Of(acting)} level: it cannot be {step} there.";

    /// <summary>A return or reopening voids every approval and leaves the acting level's reason.</summary>
    private static List<LevelApproval> Voided(IReadOnlyList<LevelApproval> view, ApprovalLevel acting, string actor, DateTimeOffset at, string? reason) =>
        view.Select(v => v.Level == acting ? new LevelApproval(acting, ApprovalState.Returned, actor, at, reason) : Pending(v.Level)).ToList();

    private static LevelApproval Pending(ApprovalLevel level) => new(level, ApprovalState.Pending, null, null, null);
}

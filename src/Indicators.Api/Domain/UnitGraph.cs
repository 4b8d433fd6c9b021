namespace Indicators.Api.Domain;

/// <summary>
/// One territory version (DESIGN §2): <c>51</c> is Quảng Ngãi before 1 July 2025, <c>51@2025-07-01</c> the merged one.
/// <see cref="FormedFromId"/> is the former unit whose territory this one is formed wholly from (a commune of the new Lâm
/// Đồng made only of former Bình Thuận communes: <c>60</c>), from the commune lineage's <c>merge_type = full</c> rows.
/// </summary>
public sealed record UnitVersion(
    string Id,
    string Code,
    string NameVi,
    UnitLevel Level,
    string? ParentId,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? SuccessorId,
    string? Type = null,
    string? Note = null,
    string? FormedFromId = null)
{
    /// <summary>The folded name, for accent-insensitive search.</summary>
    public string NameFolded { get; } = TextFold.Fold(NameVi);

    public bool IsValidOn(DateOnly date) => (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || date <= ValidTo);
}

/// <summary>The outcome of resolving what a client wrote for a unit.</summary>
public sealed record UnitResolution(UnitVersion? Unit, string? Error);

/// <summary>
/// The unit hierarchy and the 2025 lineage, in memory, without I/O: resolving ids and bare codes at a date,
/// predecessors and children, and whether a key's unit scope covers a unit.
/// </summary>
public sealed class UnitGraph
{
    private readonly Dictionary<string, UnitVersion> _byId;
    private readonly ILookup<string, UnitVersion> _byCode;
    // The relations in id order, sorted once: roll-ups ask for them per series and period.
    private readonly Dictionary<string, UnitVersion[]> _predecessors;
    private readonly Dictionary<string, UnitVersion[]> _children;
    private readonly Dictionary<string, UnitVersion[]> _territory;

    public UnitGraph(IEnumerable<UnitVersion> units)
    {
        _byId = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        _byCode = _byId.Values.ToLookup(u => u.Code, StringComparer.Ordinal);
        _predecessors = Related(u => u.SuccessorId is { } successor && successor != u.Id ? successor : null);
        _children = Related(u => u.ParentId);
        _territory = Related(u => u.FormedFromId);
    }

    private Dictionary<string, UnitVersion[]> Related(Func<UnitVersion, string?> relatedTo) =>
        _byId.Values.Where(u => relatedTo(u) is not null)
            .GroupBy(u => relatedTo(u)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.Id, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    public IReadOnlyCollection<UnitVersion> All => _byId.Values;

    public UnitVersion? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// For reads: the version of a code valid on <paramref name="asOf"/> when a date is given; without one,
    /// the version valid today, or else the unit whose id is exactly what was written (a former province).
    /// </summary>
    public UnitResolution ResolveForRead(string idOrCode, DateOnly? asOf, DateOnly today)
    {
        var resolved = Resolve(idOrCode, asOf ?? today);
        if (resolved.Unit is null && asOf is null && Find(idOrCode) is { } exact) return new UnitResolution(exact, null);
        return resolved;
    }

    /// <summary>
    /// An id with a start date (<c>51@2025-07-01</c>) names that version. A bare code names the version of that
    /// code valid on <paramref name="date"/>: <c>52</c> is Bình Định on 2024-12-31 and Gia Lai on 2025-12-31.
    /// </summary>
    public UnitResolution Resolve(string idOrCode, DateOnly date)
    {
        var unknown = MessageLanguage.Pick($"Unknown unit '{idOrCode}'.", $"Không có đơn vị '{idOrCode}' trong danh mục.");
        if (idOrCode.Contains('@', StringComparison.Ordinal))
        {
            return _byId.TryGetValue(idOrCode, out var exact) ? new UnitResolution(exact, null) : new UnitResolution(null, unknown);
        }
        var versions = _byCode[idOrCode].ToList();
        if (versions.Count == 0) return new UnitResolution(null, unknown);
        var valid = versions.FirstOrDefault(v => v.IsValidOn(date));
        if (valid is not null) return new UnitResolution(valid, null);

        var ended = versions.Where(v => v.ValidTo < date).MaxBy(v => v.ValidTo);
        if (ended is not null)
        {
            var successor = ended.SuccessorId is null ? null : Find(ended.SuccessorId);
            return new UnitResolution(null, MessageLanguage.Pick(
                $"Unit {ended.Id} ({ended.NameVi}) ended on {ended.ValidTo:yyyy-MM-dd}{(successor is null ? "" : $"; its successor is {successor.Id} ({successor.NameVi})")}.",
                $"Đơn vị {ended.Id} ({ended.NameVi}) đã kết thúc ngày {ended.ValidTo:dd'/'MM'/'yyyy}{(successor is null ? "" : $"; đơn vị kế thừa là {successor.Id} ({successor.NameVi})")}."));
        }
        var first = versions.MinBy(v => v.ValidFrom)!;
        return new UnitResolution(null, MessageLanguage.Pick($"Unit {first.Id} ({first.NameVi}) starts on {first.ValidFrom:yyyy-MM-dd}.",
            $"Đơn vị {first.Id} ({first.NameVi}) bắt đầu từ ngày {first.ValidFrom:dd'/'MM'/'yyyy}."));
    }

    /// <summary>The units whose successor is <paramref name="id"/>: the former provinces merged into it.</summary>
    public IReadOnlyList<UnitVersion> Predecessors(string id) => _predecessors.GetValueOrDefault(id) ?? [];

    public IReadOnlyList<UnitVersion> Children(string id) => _children.GetValueOrDefault(id) ?? [];

    /// <summary>The units formed wholly from the territory of <paramref name="id"/>: a dissolved unit's territory after it ended.</summary>
    public IReadOnlyList<UnitVersion> Territory(string id) => _territory.GetValueOrDefault(id) ?? [];

    /// <summary>
    /// A key scoped to a unit covers the unit, its descendants and its predecessors (and theirs): walk up from
    /// <paramref name="unitId"/> through parents and successors until a scope unit is met.
    /// </summary>
    public bool IsCovered(string unitId, IReadOnlyCollection<string> scope)
    {
        if (scope.Count == 0) return false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([unitId]);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (!seen.Add(id)) continue;
            if (scope.Contains(id)) return true;
            if (Find(id) is not { } unit) continue;
            if (unit.ParentId is not null) pending.Push(unit.ParentId);
            if (unit.SuccessorId is not null) pending.Push(unit.SuccessorId);
        }
        return false;
    }
}

namespace Indicators.Api.Domain.Tasks;

/// <summary>What an agency is; a <c>group</c> is a generic phrase ("các sở, ngành liên quan") that never has a successor.</summary>
public enum AgencyKind { Department, PeoplesCommittee, PartyBody, Other, Group }

/// <summary>How sure the record of an agency's end and successor is.</summary>
public enum Confidence { High, Medium, Low }

/// <summary>
/// An agency type within a task's unit (the Sở Y tế of whichever province the task belongs to): valid until
/// <see cref="ValidTo"/> (inclusive) and then succeeded by <see cref="Successors"/>, main first, where its functions
/// were split. <see cref="Confidence"/> grades the record of its end and succession.
/// </summary>
public sealed record Agency(string Code, string NameVi, AgencyKind Kind, DateOnly? ValidTo, IReadOnlyList<string> Successors,
    string? Basis, Confidence Confidence, IReadOnlyList<string> Aliases)
{
    public bool Equals(Agency? other) =>
        other is not null && Code == other.Code && NameVi == other.NameVi && Kind == other.Kind && ValidTo == other.ValidTo
        && Successors.SequenceEqual(other.Successors) && Basis == other.Basis && Confidence == other.Confidence && Aliases.SequenceEqual(other.Aliases);

    public override int GetHashCode() => HashCode.Combine(Code, NameVi, ValidTo);
}

/// <summary>The agencies that carry an agency's tasks on a day, and the weakest grade of the successions that led there (null when none did).</summary>
public sealed record AgencySuccession(IReadOnlyList<string> Codes, Confidence? Confidence);

/// <summary>The agencies and their successions. Successor chains are followed to the agencies valid on a day; a cycle is refused when the graph is built.</summary>
public sealed class AgencyGraph
{
    private readonly Dictionary<string, Agency> _byCode;

    public AgencyGraph(IEnumerable<Agency> agencies)
    {
        _byCode = agencies.ToDictionary(a => a.Code, StringComparer.Ordinal);
        if (Problem(_byCode.Values) is { } problem) throw new ArgumentException(problem);
    }

    public IReadOnlyCollection<Agency> All => _byCode.Values;

    public Agency? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>What is wrong with a set of agencies: a successor that is not among them, a group with a successor, or a cycle of successions; null when nothing is.</summary>
    public static string? Problem(IEnumerable<Agency> agencies)
    {
        var byCode = agencies.ToDictionary(a => a.Code, StringComparer.Ordinal);
        foreach (var agency in byCode.Values)
        {
            if (agency.Successors.FirstOrDefault(s => !byCode.ContainsKey(s)) is { } unknown) return $"Agency {agency.Code} names an unknown successor {unknown}.";
            if (agency.Kind == AgencyKind.Group && agency.Successors.Count > 0) return $"Agency {agency.Code} is a group of agencies and has no successor.";
        }
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done
        string? Visit(string code, List<string> path)
        {
            if (state.TryGetValue(code, out var done)) return done ? null : string.Join(" → ", path.SkipWhile(p => p != code).Append(code));
            state[code] = false;
            path.Add(code);
            foreach (var successor in byCode[code].Successors)
            {
                if (Visit(successor, path) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            state[code] = true;
            return null;
        }
        foreach (var code in byCode.Keys)
        {
            if (Visit(code, []) is { } cycle) return $"The successions of agencies form a cycle: {cycle}.";
        }
        return null;
    }

    /// <summary>
    /// The agencies that carry <paramref name="code"/>'s tasks on <paramref name="on"/>: the agency itself while it is
    /// valid (or when it ended without a successor), else its successors', followed to the ones valid then.
    /// </summary>
    public AgencySuccession Current(string code, DateOnly on)
    {
        var codes = new List<string>();
        Confidence? weakest = null;
        void Follow(string c)
        {
            var agency = _byCode[c];
            if (agency.ValidTo is not { } end || end >= on || agency.Successors.Count == 0)
            {
                if (!codes.Contains(c)) codes.Add(c);
                return;
            }
            weakest = weakest is { } w && w >= agency.Confidence ? w : agency.Confidence;
            foreach (var successor in agency.Successors) Follow(successor);
        }
        if (!_byCode.ContainsKey(code)) return new AgencySuccession([code], null);
        Follow(code);
        return new AgencySuccession(codes, weakest);
    }
}

using System.Globalization;
using Indicators.Api.Domain;

namespace Indicators.Api.Reporting;

/// <summary>
/// The attainment rows of one filter's judged targets, in their order, each computed when first read: a page of the
/// country's communes costs its own rows, not the 66,000 of the whole table. Rows a previous data version computed
/// and its change cannot reach are taken over as they are. Readers on several threads may compute the same row twice;
/// both results are the same, so the last one written stands.
/// </summary>
public sealed class AttainmentRows
{
    /// <summary>
    /// From this many rows to compute, every core works on them: a province's row may roll up thousands of communes
    /// (its 705 rows take about 0.3 s on one core after a full load).
    /// </summary>
    private const int ParallelFrom = 256;

    private readonly IReadOnlyList<JudgedTarget> _judged;
    private readonly Func<JudgedTarget, AttainmentRow> _evaluate;
    private readonly AttainmentRow?[] _rows;

    /// <param name="before">The rows of the same filter in the previous data version, or null.</param>
    /// <param name="affects">Whether the change since <paramref name="before"/> may alter a judged target's row.</param>
    public AttainmentRows(IReadOnlyList<JudgedTarget> judged, Func<JudgedTarget, AttainmentRow> evaluate,
        AttainmentRows? before = null, Func<JudgedTarget, bool>? affects = null)
    {
        _judged = judged;
        _evaluate = evaluate;
        _rows = new AttainmentRow?[judged.Count];
        if (before is null || affects is null || before.Count != judged.Count) return;
        for (var i = 0; i < _rows.Length; i++)
        {
            var j = judged[i];
            if (before._rows[i] is { } row && row.TargetId == j.Target.Id && row.Unit == j.Unit && !affects(j)) _rows[i] = row;
        }
    }

    public int Count => _rows.Length;

    /// <summary>Every row.</summary>
    public IReadOnlyList<AttainmentRow> All() => Range(0, _rows.Length);

    /// <summary>
    /// Up to <paramref name="count"/> rows from the first whose <see cref="Key(bool, long, string)"/> sorts after
    /// <paramref name="after"/> (null: from the first row). The judged targets are in key order, so it is found by halving.
    /// </summary>
    public IReadOnlyList<AttainmentRow> After(string? after, int count)
    {
        int low = 0, high = _judged.Count;
        while (after is not null && low < high)
        {
            var middle = low + (high - low) / 2;
            if (string.CompareOrdinal(Key(_judged[middle]), after) > 0) high = middle;
            else low = middle + 1;
        }
        return Range(low, Math.Min(count, _rows.Length - low));
    }

    private IReadOnlyList<AttainmentRow> Range(int start, int count)
    {
        var missing = 0;
        for (var i = start; i < start + count; i++) if (_rows[i] is null) missing++;
        if (missing >= ParallelFrom) Parallel.For(start, start + count, Compute);
        else for (var i = start; i < start + count; i++) Compute(i);
        return start == 0 && count == _rows.Length ? _rows! : new ArraySegment<AttainmentRow>(_rows!, start, count);
    }

    private void Compute(int i) => _rows[i] ??= _evaluate(_judged[i]);

    /// <summary>
    /// A row's place in the table as text that sorts like the rows: own targets before inherited ones, then by target
    /// id (fixed width) and unit. A page's cursor is the key of its last row.
    /// </summary>
    public static string Key(bool inherited, long targetId, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{(inherited ? 1 : 0)}|{targetId:D19}|{unit}");

    public static string Key(AttainmentRow row) => Key(row.Inherited, row.TargetId, row.Unit);

    private static string Key(JudgedTarget judged) => Key(judged.Inherited, judged.Target.Id, judged.Unit);
}

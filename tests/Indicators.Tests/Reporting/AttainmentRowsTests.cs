using Indicators.Api.Domain;
using Indicators.Api.Reporting;

namespace Indicators.Tests.Reporting;

/// <summary>A result computes a row when a page or a report first reads it, and takes over what the previous version computed and a change cannot reach.</summary>
public sealed class AttainmentRowsTests
{
    private static Target Target(long id) => new()
    {
        Id = id, Indicator = "BHYT_COVERAGE", Unit = "01", Year = 2030, Comparator = Comparator.Gte, Value = 95m, Kind = TargetKind.Absolute, Source = "s", Version = 1,
    };

    /// <summary>Own targets 1–4, then target 2 inherited by units 10, 11 and 9 (in ordinal order: "10", "11", "9").</summary>
    private static readonly IReadOnlyList<JudgedTarget> Judged =
    [
        new(Target(1), "01", false), new(Target(2), "01", false), new(Target(3), "01", false), new(Target(4), "01", false),
        new(Target(2), "10", true), new(Target(2), "11", true), new(Target(2), "9", true),
    ];

    private static AttainmentRow Evaluate(JudgedTarget j, string source) => new()
    {
        TargetId = j.Target.Id, Indicator = j.Target.Indicator, IndicatorName = "BHYT", IndicatorGroup = "g", Unit = j.Unit, UnitName = "u",
        UnitLevel = UnitLevel.Province, Year = 2030, Comparator = Comparator.Gte, Kind = TargetKind.Absolute, Source = source,
        Inherited = j.Inherited, TargetUnit = j.Target.Unit, TargetUnitName = "u", Status = AttainmentStatus.NoData,
    };

    private static (AttainmentRows Rows, List<JudgedTarget> Evaluated) Counting(IReadOnlyList<JudgedTarget> judged, string source = "now",
        AttainmentRows? before = null, Func<JudgedTarget, bool>? affects = null)
    {
        var evaluated = new List<JudgedTarget>();
        var rows = new AttainmentRows(judged, j =>
        {
            lock (evaluated) evaluated.Add(j);
            return Evaluate(j, source);
        }, before, affects);
        return (rows, evaluated);
    }

    private static string Label(AttainmentRow row) => $"{row.TargetId}/{row.Unit}";

    private static string Key(int index) => AttainmentRows.Key(Evaluate(Judged[index], "any"));

    [TestCase(null, 3, new[] { "1/01", "2/01", "3/01" })]
    [TestCase(1, 2, new[] { "3/01", "4/01" })]
    [TestCase(3, 2, new[] { "2/10", "2/11" })]
    [TestCase(5, 10, new[] { "2/9" })]
    [TestCase(6, 10, new string[0])]
    public void A_page_starts_after_its_cursor_and_computes_only_its_rows(int? afterRow, int count, string[] expected)
    {
        var (rows, evaluated) = Counting(Judged);

        var page = rows.After(afterRow is { } a ? Key(a) : null, count);

        Assert.That(page.Select(Label), Is.EqualTo(expected));
        Assert.That(evaluated.Select(j => $"{j.Target.Id}/{j.Unit}"), Is.EqualTo(expected));
    }

    [Test]
    public void The_judged_targets_are_in_the_order_of_their_keys()
    {
        Assert.That(Enumerable.Range(0, Judged.Count).Select(Key), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void A_cursor_between_rows_starts_at_the_next_one()
    {
        var (rows, _) = Counting(Judged);

        var page = rows.After(AttainmentRows.Key(inherited: true, targetId: 2, unit: "100"), 10);

        Assert.That(page.Select(Label), Is.EqualTo(new[] { "2/11", "2/9" }));
    }

    [Test]
    public void Every_row_is_computed_once_across_pages_and_the_whole()
    {
        var (rows, evaluated) = Counting(Judged);

        rows.After(null, 2);
        rows.After(Key(1), 2);
        var all = rows.All();
        rows.All();

        Assert.That(all.Select(Label), Is.EqualTo(Judged.Select(j => $"{j.Target.Id}/{j.Unit}")));
        Assert.That(evaluated, Has.Count.EqualTo(Judged.Count));
    }

    [Test]
    public void Many_rows_computed_at_once_are_computed_once_each_and_in_order()
    {
        var judged = Enumerable.Range(1, 1000).Select(i => new JudgedTarget(Target(i), "01", false)).ToList();
        var (rows, evaluated) = Counting(judged);

        var all = rows.All();

        Assert.That(all.Select(r => r.TargetId), Is.EqualTo(Enumerable.Range(1, 1000).Select(i => (long)i)));
        Assert.That(evaluated.Select(j => j.Target.Id).Order(), Is.EqualTo(Enumerable.Range(1, 1000).Select(i => (long)i)));
    }

    [Test]
    public void Rows_the_change_cannot_reach_are_taken_over_and_the_others_computed_again()
    {
        var (before, _) = Counting(Judged, "before");
        before.After(null, 5);
        var affected = Judged[1];

        var (rows, evaluated) = Counting(Judged, "now", before, j => j == affected);
        var all = rows.All();

        // Rows 0, 2 and 3 and the first inherited one were computed before and not reached; row 1 is reached; rows 5 and 6 were never computed.
        Assert.That(all.Select(r => r.Source), Is.EqualTo(new[] { "before", "now", "before", "before", "before", "now", "now" }));
        Assert.That(evaluated, Is.EqualTo(new[] { Judged[1], Judged[5], Judged[6] }));
    }

    [Test]
    public void Nothing_is_taken_over_from_a_result_of_other_targets()
    {
        var (shorter, _) = Counting(Judged.Take(6).ToList(), "before");
        shorter.All();
        var (complete, _) = Counting(Judged, "before");
        complete.All();

        var (fewer, _) = Counting(Judged, "now", shorter, _ => false);
        var (other, _) = Counting([.. Judged.Skip(1), Judged[0]], "now", complete, _ => false);

        Assert.That(fewer.All().Select(r => r.Source), Is.All.EqualTo("now"), "a result of another length");
        Assert.That(other.All().Select(r => r.Source), Is.All.EqualTo("now"), "a result of other rows at the same places");
    }
}

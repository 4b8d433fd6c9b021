using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class SeedPlanTests
{
    public sealed record Row(string Name, decimal Value);

    private static readonly Row Seed75 = new("target", 75);
    private static readonly Row Seed80 = new("target", 80);
    private static readonly Row Edited76 = new("target", 76);

    // current, deleted, last loaded, last written by the seeder, the seed row now → action
    private static readonly object?[][] Cases =
    [
        [null, false, null, false, Seed75, SeedAction.Create],
        [null, false, Seed75, false, Seed75, SeedAction.KeepDeleted],
        [Seed75, true, Seed75, false, Seed75, SeedAction.KeepDeleted],
        [Seed75, true, Seed75, true, Seed80, SeedAction.KeepDeleted],
        [Seed75, false, Seed75, true, Seed75, SeedAction.Unchanged],
        [Seed80, false, Seed75, false, Seed80, SeedAction.Unchanged],
        [Seed75, false, Seed75, true, Seed80, SeedAction.Update],
        [Seed75, false, Seed75, false, Seed80, SeedAction.Update],
        [Edited76, false, Seed75, false, Seed75, SeedAction.KeepEdit],
        [Edited76, false, Seed75, false, Seed80, SeedAction.Conflict],
        [Edited76, false, Seed75, true, Seed80, SeedAction.Conflict],
        // A database of an older release recorded no load: the last writer tells an edit from the seeder's own row.
        [Seed75, false, null, true, Seed80, SeedAction.Update],
        [Edited76, false, null, false, Seed80, SeedAction.KeepEdit],
        [Edited76, false, null, false, Seed75, SeedAction.KeepEdit],
        [Seed75, false, null, false, Seed75, SeedAction.Unchanged],
    ];

    [TestCaseSource(nameof(Cases))]
    public void Decide(Row? current, bool deleted, Row? lastLoaded, bool lastWrittenBySeed, Row row, SeedAction expected) =>
        Assert.That(SeedPlan.Decide(current, deleted, lastLoaded, lastWrittenBySeed, row), Is.EqualTo(expected));

    [Test]
    public void Equal_rows_with_different_decimal_scales_are_unchanged() =>
        Assert.That(SeedPlan.Decide(new Row("t", 75.0m), false, new Row("t", 75m), true, new Row("t", 75.00m)), Is.EqualTo(SeedAction.Unchanged));
}

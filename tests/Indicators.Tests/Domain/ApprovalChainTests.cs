using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public sealed class ApprovalChainTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 3, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ApprovalLevel> CommuneChain = ApprovalChain.AllLevels;

    private static readonly UnitVersion Country = new("VN", "VN", "Việt Nam", UnitLevel.Country, null, null, null, null);
    private static readonly UnitVersion Province = new("51@2025-07-01", "51", "Quảng Ngãi", UnitLevel.Province, "VN", new DateOnly(2025, 7, 1), null, null);
    private static readonly UnitVersion Commune = new("21025@2025-07-01", "21025", "Phường Cẩm Thành", UnitLevel.Commune, "51@2025-07-01", new DateOnly(2025, 7, 1), null, null);
    private static readonly UnitVersion OtherProvince = new("01", "01", "Hà Nội", UnitLevel.Province, "VN", null, null, null);
    private static readonly UnitGraph Graph = new([Country, Province, Commune, OtherProvince]);

    /// <summary>"commune:approved,province:returned" as stored acts.</summary>
    private static List<LevelApproval> Acts(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split(':'))
        .Select(p => new LevelApproval(EnumText.Parse<ApprovalLevel>(p[0]), EnumText.Parse<ApprovalState>(p[1]), "earlier", At.AddDays(-1), p[1] == "returned" ? "lý do" : null))
        .ToList();

    private static string Text(IEnumerable<LevelApproval> levels) => string.Join(",", levels.Select(l => $"{EnumText.Of(l.Level)}:{EnumText.Of(l.Status)}"));

    [TestCase("commune,province,ministry", "commune,province,ministry")]
    [TestCase(" province ", "province")]
    [TestCase("Province,Ministry", "province,ministry")]
    public void Levels_parse(string text, string expected)
    {
        Assert.That(ApprovalChain.TryParse(text, out var levels, out var error), Is.True, error);
        Assert.That(string.Join(",", levels.Select(EnumText.Of)), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("district")]
    [TestCase("province,commune")]
    [TestCase("province,province")]
    [TestCase("1")]
    public void Levels_that_do_not_parse(string text)
    {
        Assert.That(ApprovalChain.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [TestCase(UnitLevel.Commune, "commune,province,ministry", "commune,province,ministry")]
    [TestCase(UnitLevel.Province, "commune,province,ministry", "province,ministry")]
    [TestCase(UnitLevel.Country, "commune,province,ministry", "ministry")]
    [TestCase(UnitLevel.District, "commune,province,ministry", "province,ministry")]
    [TestCase(UnitLevel.Commune, "province", "province")]
    [TestCase(UnitLevel.Country, "province", "province")]
    [TestCase(UnitLevel.Province, "commune", "commune")]
    public void The_chain_of_a_units_data(UnitLevel unit, string configured, string expected)
    {
        Assert.That(ApprovalChain.TryParse(configured, out var levels, out _), Is.True);
        Assert.That(string.Join(",", ApprovalChain.For(unit, levels).Select(EnumText.Of)), Is.EqualTo(expected));
    }

    [TestCase("21025@2025-07-01", "21025@2025-07-01", ApprovalLevel.Commune)]
    [TestCase("21025@2025-07-01", "51@2025-07-01", ApprovalLevel.Province)]
    [TestCase("21025@2025-07-01", "VN", ApprovalLevel.Ministry)]
    [TestCase("21025@2025-07-01", "21025@2025-07-01,VN", ApprovalLevel.Ministry)]
    [TestCase("51@2025-07-01", "51@2025-07-01", ApprovalLevel.Province)]
    [TestCase("51@2025-07-01", "01", null)]
    [TestCase("51@2025-07-01", "21025@2025-07-01", null)]
    public void A_key_acts_at_the_highest_level_of_its_units_that_cover_the_data(string unit, string scope, ApprovalLevel? expected) =>
        Assert.That(ApprovalChain.ActingLevel(Graph.Find(unit)!, scope.Split(','), Graph), Is.EqualTo(expected));

    [Test]
    public void The_units_of_a_communes_levels() =>
        Assert.That(ApprovalChain.LevelUnits(Commune, Graph), Is.EquivalentTo(new Dictionary<ApprovalLevel, string>
        {
            [ApprovalLevel.Commune] = "21025@2025-07-01", [ApprovalLevel.Province] = "51@2025-07-01", [ApprovalLevel.Ministry] = "VN",
        }));

    // status, stored acts, action, acting level → new status and levels, or the level a refusal names.
    [TestCase(SubmissionStatus.Submitted, "", SubmissionAction.Approve, ApprovalLevel.Commune, "approved", "commune:approved,province:pending,ministry:pending")]
    [TestCase(SubmissionStatus.Submitted, "", SubmissionAction.Approve, ApprovalLevel.Province, "approved", "commune:approved,province:approved,ministry:pending", TestName = "a province approves through the pending commune level")]
    [TestCase(SubmissionStatus.Submitted, "", SubmissionAction.Approve, ApprovalLevel.Ministry, "approved", "commune:approved,province:approved,ministry:approved")]
    [TestCase(SubmissionStatus.Approved, "commune:approved", SubmissionAction.Approve, ApprovalLevel.Province, "approved", "commune:approved,province:approved,ministry:pending")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved", SubmissionAction.Approve, ApprovalLevel.Ministry, "approved", "commune:approved,province:approved,ministry:approved")]
    [TestCase(SubmissionStatus.Submitted, "ministry:returned", SubmissionAction.Approve, ApprovalLevel.Commune, "approved", "commune:approved,province:pending,ministry:returned", TestName = "an earlier return stays shown until its level acts again")]
    [TestCase(SubmissionStatus.Approved, "commune:approved", SubmissionAction.Approve, ApprovalLevel.Commune, "refused: commune", "")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved", SubmissionAction.Approve, ApprovalLevel.Commune, "refused: province", "", TestName = "an approved upper level locks the lower one")]
    [TestCase(SubmissionStatus.Draft, "", SubmissionAction.Approve, ApprovalLevel.Province, "refused: draft", "")]
    [TestCase(SubmissionStatus.Returned, "ministry:returned", SubmissionAction.Approve, ApprovalLevel.Ministry, "refused: returned", "")]
    [TestCase(SubmissionStatus.Submitted, "", SubmissionAction.Return, ApprovalLevel.Commune, "returned", "commune:returned,province:pending,ministry:pending")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved", SubmissionAction.Return, ApprovalLevel.Ministry, "returned", "commune:pending,province:pending,ministry:returned", TestName = "the Ministry returns what two levels approved: both approvals are void")]
    [TestCase(SubmissionStatus.Approved, "commune:approved", SubmissionAction.Return, ApprovalLevel.Province, "returned", "commune:pending,province:returned,ministry:pending")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved", SubmissionAction.Return, ApprovalLevel.Province, "refused: province", "")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved", SubmissionAction.Return, ApprovalLevel.Commune, "refused: province", "")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved,ministry:approved", SubmissionAction.Return, ApprovalLevel.Ministry, "refused: ministry", "")]
    [TestCase(SubmissionStatus.Draft, "", SubmissionAction.Return, ApprovalLevel.Ministry, "refused: draft", "")]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved,ministry:approved", SubmissionAction.Reopen, ApprovalLevel.Ministry, "returned", "commune:pending,province:pending,ministry:returned")]
    [TestCase(SubmissionStatus.Submitted, "", SubmissionAction.Reopen, ApprovalLevel.Ministry, "refused: submitted", "")]
    public void Steps_at_a_level(SubmissionStatus status, string stored, SubmissionAction action, ApprovalLevel acting, string expected, string levels)
    {
        var (outcome, refusal) = ApprovalChain.Apply(status, CommuneChain, Acts(stored), action, acting, "key", At, "lý do mới");
        if (expected.StartsWith("refused: ", StringComparison.Ordinal))
        {
            Assert.That(outcome, Is.Null);
            Assert.That(refusal, Does.Contain(expected["refused: ".Length..]));
            return;
        }
        Assert.That(refusal, Is.Null);
        Assert.That(EnumText.Of(outcome!.Next), Is.EqualTo(expected));
        Assert.That(Text(outcome.Levels), Is.EqualTo(levels));
        Assert.That(outcome.Levels.Where(l => l.By == "key").Select(l => l.At), Is.All.EqualTo(At), "the levels this step changed carry its time");
    }

    [Test]
    public void Approving_through_lower_levels_records_each_as_approved_by_the_key()
    {
        var (outcome, _) = ApprovalChain.Apply(SubmissionStatus.Submitted, CommuneChain, [], SubmissionAction.Approve, ApprovalLevel.Ministry, "Bộ Y tế", At, null);
        Assert.That(outcome!.Approved, Is.EqualTo(CommuneChain));
        Assert.That(outcome.Levels.Select(l => l.By), Is.All.EqualTo("Bộ Y tế"));
    }

    [Test]
    public void A_return_keeps_its_reason_and_its_indicators()
    {
        var (outcome, _) = ApprovalChain.Apply(SubmissionStatus.Approved, CommuneChain, Acts("commune:approved"), SubmissionAction.Return, ApprovalLevel.Ministry,
            "Bộ Y tế", At, "Tỷ lệ vượt số thẻ.", ["BHYT_COVERAGE"]);
        Assert.That(outcome!.Levels[^1], Is.EqualTo(new LevelApproval(ApprovalLevel.Ministry, ApprovalState.Returned, "Bộ Y tế", At, "Tỷ lệ vượt số thẻ.")));
        Assert.That(outcome.Editable, Is.EqualTo(new[] { "BHYT_COVERAGE" }));
    }

    [Test]
    public void A_level_outside_the_chain_is_refused_naming_it()
    {
        var (outcome, refusal) = ApprovalChain.Apply(SubmissionStatus.Submitted, [ApprovalLevel.Province], [], SubmissionAction.Approve, ApprovalLevel.Commune, "key", At, null);
        Assert.That(outcome, Is.Null);
        Assert.That(refusal, Does.Contain("commune level").And.Contain("province"));
    }

    [TestCase(SubmissionStatus.Submitted, "commune:approved", ApprovalLevel.Province)]
    [TestCase(SubmissionStatus.Approved, "commune:approved", ApprovalLevel.Province)]
    [TestCase(SubmissionStatus.Approved, "commune:approved,province:approved,ministry:approved", null)]
    [TestCase(SubmissionStatus.Returned, "ministry:returned", null)]
    [TestCase(SubmissionStatus.Draft, "", null)]
    public void The_level_awaited(SubmissionStatus status, string stored, ApprovalLevel? expected) =>
        Assert.That(ApprovalChain.Awaiting(status, ApprovalChain.View(CommuneChain, Acts(stored))), Is.EqualTo(expected));
}

using Indicators.Api.Domain.Tasks;

namespace Indicators.Tests.Domain.Tasks;

public class AgencyGraphTests
{
    private static Agency A(string code, string? validTo = null, Confidence confidence = Confidence.High, AgencyKind kind = AgencyKind.Department, params string[] successors) =>
        new(code, code, kind, validTo is null ? null : Day.Of(validTo), successors, null, confidence, []);

    private static readonly AgencyGraph Reform = new(
    [
        A("SO_Y_TE"), A("SO_TAI_CHINH"), A("SO_NOI_VU"), A("SO_GIAO_DUC"), A("SO_KHCN"), A("SO_VHTTDL"),
        A("SO_KHDT", "2025-02-28", Confidence.High, AgencyKind.Department, "SO_TAI_CHINH"),
        A("SO_TTTT", "2025-02-28", Confidence.High, AgencyKind.Department, "SO_KHCN", "SO_VHTTDL"),
        A("SO_LDTBXH", "2025-02-28", Confidence.High, AgencyKind.Department, "SO_NOI_VU", "SO_Y_TE", "SO_GIAO_DUC"),
        A("UBND_HUYEN", "2025-06-30", Confidence.High, AgencyKind.PeoplesCommittee, "UBND_XA"), A("UBND_XA", kind: AgencyKind.PeoplesCommittee),
        A("BAN_CAN_SU", "2025-02-28", Confidence.Low, AgencyKind.PartyBody, "DANG_UY_UBND"), A("DANG_UY_UBND", kind: AgencyKind.PartyBody),
        A("BAO", "2025-06-30", Confidence.Low, AgencyKind.Other, "BAO_PTTH"), A("DAI", "2025-06-30", Confidence.Low, AgencyKind.Other, "BAO_PTTH"),
        A("BAO_PTTH", confidence: Confidence.Medium, kind: AgencyKind.Other),
        // A chain: the first successor ended too.
        A("OLD", "2020-12-31", Confidence.Medium, AgencyKind.Department, "MIDDLE"), A("MIDDLE", "2023-12-31", Confidence.High, AgencyKind.Department, "SO_Y_TE"),
        A("ENDED_ALONE", "2024-12-31"),
        A("SO_NGANH", kind: AgencyKind.Group),
    ]);

    // agency, day → agencies that carry its tasks, weakest grade of the successions applied
    [TestCase("SO_Y_TE", "2025-07-01", "SO_Y_TE", null)]
    [TestCase("SO_KHDT", "2025-02-28", "SO_KHDT", null)]            // its last day
    [TestCase("SO_KHDT", "2025-03-01", "SO_TAI_CHINH", Confidence.High)]
    [TestCase("SO_TTTT", "2025-03-01", "SO_KHCN,SO_VHTTDL", Confidence.High)]
    [TestCase("SO_LDTBXH", "2025-07-01", "SO_NOI_VU,SO_Y_TE,SO_GIAO_DUC", Confidence.High)]
    [TestCase("UBND_HUYEN", "2025-06-30", "UBND_HUYEN", null)]
    [TestCase("UBND_HUYEN", "2025-07-01", "UBND_XA", Confidence.High)]
    [TestCase("BAN_CAN_SU", "2025-07-01", "DANG_UY_UBND", Confidence.Low)]
    [TestCase("BAO", "2025-07-01", "BAO_PTTH", Confidence.Low)]
    [TestCase("OLD", "2022-06-01", "MIDDLE", Confidence.Medium)]
    [TestCase("OLD", "2024-06-01", "SO_Y_TE", Confidence.Medium)]   // the weakest step of the chain
    [TestCase("MIDDLE", "2024-06-01", "SO_Y_TE", Confidence.High)]
    [TestCase("ENDED_ALONE", "2025-07-01", "ENDED_ALONE", null)]     // no successor recorded: it stays
    [TestCase("SO_NGANH", "2030-01-01", "SO_NGANH", null)]
    [TestCase("UNKNOWN", "2025-07-01", "UNKNOWN", null)]
    public void Follows_successions_to_the_agencies_of_the_day(string code, string on, string expected, Confidence? confidence)
    {
        var succession = Reform.Current(code, Day.Of(on));
        Assert.That(succession.Codes, Is.EqualTo(expected.Split(',')));
        Assert.That(succession.Confidence, Is.EqualTo(confidence));
    }

    [Test]
    public void Two_agencies_merged_into_one_give_it_once()
    {
        Assert.That(Reform.Current("BAO", Day.Of("2025-07-01")).Codes.Concat(Reform.Current("DAI", Day.Of("2025-07-01")).Codes).Distinct(), Is.EqualTo(new[] { "BAO_PTTH" }));
    }

    [Test]
    public void Refuses_a_cycle_of_successions()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AgencyGraph([A("X", "2020-01-01", successors: "Y"), A("Y", "2021-01-01", successors: "Z"), A("Z", "2022-01-01", successors: "X")]));
        Assert.That(error!.Message, Does.Contain("cycle").And.Contain("X → Y → Z → X"));
        Assert.Throws<ArgumentException>(() => _ = new AgencyGraph([A("SELF", "2020-01-01", successors: "SELF")]));
    }

    [Test]
    public void Refuses_an_unknown_successor_and_a_group_with_one()
    {
        Assert.That(AgencyGraph.Problem([A("X", "2020-01-01", successors: "NOWHERE")]), Does.Contain("unknown successor NOWHERE"));
        Assert.That(AgencyGraph.Problem([A("G", kind: AgencyKind.Group, successors: "X"), A("X")]), Does.Contain("group"));
        Assert.That(AgencyGraph.Problem([A("X", "2020-01-01", successors: "Y"), A("Y", "2021-01-01", successors: "Z"), A("Z")]), Is.Null);
    }
}

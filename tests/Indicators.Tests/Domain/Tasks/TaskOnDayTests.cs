using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;

namespace Indicators.Tests.Domain.Tasks;

public class TaskOnDayTests
{
    private static readonly UnitGraph Units = new(
    [
        new UnitVersion("VN", "VN", "Việt Nam", UnitLevel.Country, null, null, null, null, null, null),
        new UnitVersion("60", "60", "Bình Thuận", UnitLevel.Province, "VN", null, Day.Of("2025-06-30"), "68@2025-07-01", null, null),
        new UnitVersion("68@2025-07-01", "68", "Lâm Đồng", UnitLevel.Province, "VN", Day.Of("2025-07-01"), null, null, null, null),
    ]);

    private static readonly AgencyGraph Agencies = new(
    [
        new Agency("SO_Y_TE", "Sở Y tế", AgencyKind.Department, null, [], null, Confidence.High, []),
        new Agency("UBND_XA", "UBND cấp xã", AgencyKind.PeoplesCommittee, null, [], null, Confidence.High, []),
        new Agency("UBND_HUYEN", "UBND cấp huyện", AgencyKind.PeoplesCommittee, Day.Of("2025-06-30"), ["UBND_XA"], null, Confidence.High, []),
        new Agency("BAO", "Báo tỉnh", AgencyKind.Other, Day.Of("2025-06-30"), ["BAO_PTTH"], null, Confidence.Low, []),
        new Agency("BAO_PTTH", "Báo và Phát thanh, Truyền hình", AgencyKind.Other, null, [], null, Confidence.Medium, []),
    ]);

    private static PlanTask Task(string dueText, string[] leads, string[] partners, TaskState state = TaskState.NotStarted) => new(1,
        new PlanTaskDefinition("1870/KH-UBND Bình Thuận 22/5/2024", Day.Of("2024-05-22"), "60", "I", "7", "Nhiệm vụ.", leads, partners, null, dueText, null, null, []),
        state, null, null, 0, 1);

    // day judged → unit that holds the task, its leads and partners now, weakest succession grade
    [TestCase("2025-06-30", "60", "UBND_HUYEN", "SO_Y_TE,BAO", null)]
    [TestCase("2025-07-01", "68@2025-07-01", "UBND_XA", "SO_Y_TE,BAO_PTTH", Confidence.Low)]
    public void A_task_passes_to_the_successors_of_its_unit_and_agencies(string on, string unit, string leads, string partners, Confidence? confidence)
    {
        var now = TaskOnDay.Of(Task("Quý II năm 2024", ["UBND_HUYEN"], ["SO_Y_TE", "BAO"]), Units, Agencies, new HashSet<DateOnly>(), (12, 15), Day.Of(on));
        Assert.That(now.CurrentUnit, Is.EqualTo(unit));
        Assert.That(now.CurrentLeads, Is.EqualTo(leads.Split(',')));
        Assert.That(now.CurrentPartners, Is.EqualTo(partners.Split(',')));
        Assert.That(now.SuccessionConfidence, Is.EqualTo(confidence));
        Assert.That(now.Overdue, Is.True);
        Assert.That(now.DueDate, Is.EqualTo(Day.Of("2024-06-30")));
    }

    [Test]
    public void A_done_task_keeps_its_due_date_and_is_not_overdue()
    {
        var now = TaskOnDay.Of(Task("Quý II năm 2024", ["SO_Y_TE"], [], TaskState.Done), Units, Agencies, new HashSet<DateOnly>(), (12, 15), Day.Of("2025-07-01"));
        Assert.That(now.DueDate, Is.EqualTo(Day.Of("2024-06-30")));
        Assert.That(now.Overdue, Is.False);
        Assert.That(now.WorkingDaysLate, Is.Zero);
    }
}

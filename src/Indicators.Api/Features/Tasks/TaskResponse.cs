using Indicators.Api.Domain.Tasks;

namespace Indicators.Api.Features.Tasks;

/// <summary>A task of a plan as it stands on a day (<c>on</c>, today by default): its due date, whether it is overdue, and who carries it now.</summary>
public record TaskResponse
{
    public required long Id { get; init; }
    /// <summary>The document: number, issuer, date.</summary>
    public required string Source { get; init; }
    public required DateOnly IssuedOn { get; init; }
    /// <summary>The unit whose plan the task is in.</summary>
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public string? Part { get; init; }
    /// <summary>The item as written: 1, 01, 8a (b4 = the 4th dash bullet of an unnumbered list).</summary>
    public required string Item { get; init; }
    public required string TextVi { get; init; }
    /// <summary>The lead agencies as the document names them (agency codes).</summary>
    public required IReadOnlyList<string> LeadAgencies { get; init; }
    public required IReadOnlyList<string> PartnerAgencies { get; init; }
    /// <summary>The form of the output (Hình thức văn bản).</summary>
    public string? OutputForm { get; init; }
    /// <summary>The completion time as written.</summary>
    public string? DueText { get; init; }
    public required DueKind DueKind { get; init; }
    /// <summary>The task's due date, or, for a recurring task, that of its first yearly report not yet done; null without one.</summary>
    public DateOnly? DueDate { get; init; }
    /// <summary>The first year of a task due every year from a given year.</summary>
    public int? RecursFromYear { get; init; }
    public required TaskState Status { get; init; }
    /// <summary>The number of the document that shows the task done.</summary>
    public string? EvidenceNumber { get; init; }
    public DateOnly? EvidenceDate { get; init; }
    /// <summary>Past its deadline (moved to the next working day when it falls on a weekend or holiday) on the day judged.</summary>
    public required bool Overdue { get; init; }
    /// <summary>Working days past the deadline; 0 when not overdue.</summary>
    public required int WorkingDaysLate { get; init; }
    /// <summary>The unit that holds the task on the day judged: the task's own, or its successor (Bình Thuận → Lâm Đồng).</summary>
    public required string CurrentUnit { get; init; }
    public required string CurrentUnitName { get; init; }
    /// <summary>The agencies that lead the task on the day judged, after the 2025 reorganisation, in the current unit.</summary>
    public required IReadOnlyList<string> CurrentLeadAgencies { get; init; }
    public required IReadOnlyList<string> CurrentPartnerAgencies { get; init; }
    /// <summary>The weakest grade (high, medium, low) of the agency successions applied; null when none was. A low one is not confirmed.</summary>
    public Confidence? SuccessionConfidence { get; init; }
    /// <summary>The targets the task serves.</summary>
    public required IReadOnlyList<long> TargetIds { get; init; }
    public string? Note { get; init; }
    /// <summary>Doubts about the source text (OCR).</summary>
    public string? OcrDoubt { get; init; }
    /// <summary>The revision; also the ETag for If-Match.</summary>
    public required int Version { get; init; }

    public static TaskResponse From(PlanTask task, TaskRegister register, DateOnly on)
    {
        var d = task.Definition;
        var now = register.On(task, on);
        return new TaskResponse
        {
            Id = task.Id, Source = d.Source, IssuedOn = d.IssuedOn, Unit = d.Unit, UnitName = register.UnitName(d.Unit), Part = d.Part, Item = d.Item,
            TextVi = d.TextVi, LeadAgencies = d.Leads, PartnerAgencies = d.Partners, OutputForm = d.OutputForm, DueText = d.DueText, DueKind = d.Due.Kind,
            DueDate = now.DueDate, RecursFromYear = d.Due.RecursFromYear, Status = task.Status, EvidenceNumber = task.EvidenceNumber,
            EvidenceDate = task.EvidenceDate, Overdue = now.Overdue, WorkingDaysLate = now.WorkingDaysLate, CurrentUnit = now.CurrentUnit,
            CurrentUnitName = register.UnitName(now.CurrentUnit),
            CurrentLeadAgencies = now.CurrentLeads.Select(a => register.AgencyName(a, now.CurrentUnit)).ToList(),
            CurrentPartnerAgencies = now.CurrentPartners.Select(a => register.AgencyName(a, now.CurrentUnit)).ToList(),
            SuccessionConfidence = now.SuccessionConfidence,
            TargetIds = d.Targets, Note = d.Note, OcrDoubt = d.OcrDoubt, Version = task.Version,
        };
    }
}

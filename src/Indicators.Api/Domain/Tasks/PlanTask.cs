namespace Indicators.Api.Domain.Tasks;

/// <summary>
/// What a client or a seed row says a task of a plan is: the document and where in it, the text, the agencies that lead
/// and take part (agency codes), the output, the completion time as written, and the targets it serves.
/// </summary>
public sealed record PlanTaskDefinition(
    string Source, DateOnly IssuedOn, string Unit, string? Part, string Item, string TextVi,
    IReadOnlyList<string> Leads, IReadOnlyList<string> Partners, string? OutputForm, string? DueText,
    string? Note, string? OcrDoubt, IReadOnlyList<long> Targets)
{
    public TaskDue Due => TaskDue.TryParse(DueText, out var due, out _) ? due : TaskDue.NoDue;

    public bool Equals(PlanTaskDefinition? other) =>
        other is not null && Source == other.Source && IssuedOn == other.IssuedOn && Unit == other.Unit && Part == other.Part && Item == other.Item
        && TextVi == other.TextVi && Leads.SequenceEqual(other.Leads) && Partners.SequenceEqual(other.Partners) && OutputForm == other.OutputForm
        && DueText == other.DueText && Note == other.Note && OcrDoubt == other.OcrDoubt && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode() => HashCode.Combine(Source, Unit, Part, Item, TextVi);
}

/// <summary>A stored task: its definition, where it stands, and its revision (the ETag of If-Match).</summary>
/// <param name="ReportsDone">For a recurring task, the yearly reports done.</param>
public sealed record PlanTask(long Id, PlanTaskDefinition Definition, TaskState Status, string? EvidenceNumber, DateOnly? EvidenceDate, int ReportsDone, int Version);

/// <summary>A task as it stands on a day: its due date (a recurring task's next report), whether it is overdue, and who carries it now.</summary>
/// <param name="CurrentUnit">The task's unit, or its successor when the unit had ended by that day.</param>
/// <param name="SuccessionConfidence">The weakest grade of the agency successions applied; null when none was.</param>
public sealed record TaskOnDay(DateOnly? DueDate, bool Overdue, int WorkingDaysLate, string CurrentUnit,
    IReadOnlyList<string> CurrentLeads, IReadOnlyList<string> CurrentPartners, Confidence? SuccessionConfidence)
{
    public static TaskOnDay Of(PlanTask task, UnitGraph units, AgencyGraph agencies, IReadOnlySet<DateOnly> holidays, (int Month, int Day) yearlyReport, DateOnly on)
    {
        var d = task.Definition;
        var pending = TaskSchedule.Pending(d.Due, d.IssuedOn, task.Status, task.ReportsDone, yearlyReport);
        var leads = d.Leads.Select(a => agencies.Current(a, on)).ToList();
        var partners = d.Partners.Select(a => agencies.Current(a, on)).ToList();
        var weakest = leads.Concat(partners).Select(s => s.Confidence).Where(c => c is not null).DefaultIfEmpty().Max();
        // A task keeps showing its due date once done; a recurring one shows the report it waits for.
        return new TaskOnDay(d.Due.IsRecurring ? pending : d.Due.Date, TaskSchedule.IsOverdue(pending, on, holidays), TaskSchedule.WorkingDaysLate(pending, on, holidays),
            SuccessorOn(units, d.Unit, on), leads.SelectMany(s => s.Codes).Distinct().ToList(), partners.SelectMany(s => s.Codes).Distinct().ToList(), weakest);
    }

    /// <summary>The unit, or the successor that holds its territory on <paramref name="on"/> (Bình Thuận's tasks pass to Lâm Đồng).</summary>
    private static string SuccessorOn(UnitGraph units, string unitId, DateOnly on)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unit = units.Find(unitId);
        while (unit is { ValidTo: { } end, SuccessorId: { } next } && end < on && seen.Add(unit.Id) && units.Find(next) is { } successor) unit = successor;
        return unit?.Id ?? unitId;
    }
}

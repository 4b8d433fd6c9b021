using Indicators.Api.Domain;

namespace Indicators.Tests.Domain;

public class WritePlanningTests
{
    private const string Unit = "51@2025-07-01";
    private static readonly Period Quarter = Period.Parse("2025Q3");
    private static readonly DateTimeOffset At = new(2025, 10, 5, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The submission of <see cref="Unit"/> 2025Q3 in <paramref name="status"/> (null: none), holding BHYT_COVERAGE 94.4 when it exists.</summary>
    private static Dictionary<(string, string), SubmissionState> State(SubmissionStatus? status)
    {
        var values = status is null
            ? new Dictionary<string, StoredValue>()
            : new Dictionary<string, StoredValue> { ["BHYT_COVERAGE"] = new() { Indicator = "BHYT_COVERAGE", Value = 94.4m, UpdatedAt = At, UpdatedBy = "officer" } };
        var row = status is null ? null : new SubmissionRow
        {
            Id = 7, UnitId = Unit, Period = Quarter.Id, Status = EnumText.Of(status.Value), CreatedAt = At, UpdatedAt = At, UpdatedBy = "officer",
            ApprovedAt = status == SubmissionStatus.Approved ? At : null, ApprovedBy = status == SubmissionStatus.Approved ? "leader" : null,
        };
        return new() { [(Unit, Quarter.Id)] = new SubmissionState(status is null ? null : 7, Unit, Quarter.Id, status, values, row) };
    }

    private static CheckedValue Value(string indicator, decimal value, int index = 0, string? comment = null) =>
        new(indicator, Unit, Quarter, value, null, null, comment, index);

    // status, value sent, comment, reason, land as → imported, updated, unchanged, conflict field (or none), new status (or none: nothing written)
    private static readonly object?[][] OneValue =
    [
        [null, 94.4, null, null, SubmissionAction.Save, 1, 0, 0, null, SubmissionStatus.Draft],
        [null, 94.4, null, null, SubmissionAction.Submit, 1, 0, 0, null, SubmissionStatus.Submitted],
        [SubmissionStatus.Draft, 94.4, null, null, SubmissionAction.Save, 0, 0, 1, null, null],
        [SubmissionStatus.Draft, 94.4, null, null, SubmissionAction.Submit, 0, 0, 1, null, SubmissionStatus.Submitted],
        [SubmissionStatus.Draft, 95.0, null, null, SubmissionAction.Save, 0, 1, 0, null, SubmissionStatus.Draft],
        [SubmissionStatus.Submitted, 94.4, null, null, SubmissionAction.Save, 0, 0, 1, null, null],
        [SubmissionStatus.Submitted, 94.4, null, null, SubmissionAction.Submit, 0, 0, 1, null, null],
        [SubmissionStatus.Submitted, 95.0, null, null, SubmissionAction.Save, 0, 0, 0, "comment", null],
        [SubmissionStatus.Submitted, 95.0, "   ", null, SubmissionAction.Save, 0, 0, 0, "comment", null],
        [SubmissionStatus.Submitted, 95.0, "số liệu BHXH", null, SubmissionAction.Save, 0, 1, 0, null, SubmissionStatus.Submitted],
        [SubmissionStatus.Submitted, 95.0, null, "import correction", SubmissionAction.Save, 0, 1, 0, null, SubmissionStatus.Submitted],
        [SubmissionStatus.Returned, 95.0, null, null, SubmissionAction.Save, 0, 0, 0, "comment", null],
        [SubmissionStatus.Returned, 95.0, "sửa mẫu số", null, SubmissionAction.Submit, 0, 1, 0, null, SubmissionStatus.Submitted],
        [SubmissionStatus.Returned, 94.4, null, null, SubmissionAction.Submit, 0, 0, 1, null, SubmissionStatus.Submitted],
        [SubmissionStatus.Approved, 94.4, null, null, SubmissionAction.Save, 0, 0, 0, "period", null],
        [SubmissionStatus.Approved, 95.0, "late", null, SubmissionAction.Submit, 0, 0, 0, "period", null],
    ];

    [TestCaseSource(nameof(OneValue))]
    public void One_value(SubmissionStatus? status, double sent, string? comment, string? reason, SubmissionAction landAs,
        int imported, int updated, int unchanged, string? conflict, SubmissionStatus? newStatus)
    {
        var plan = WritePlanning.Plan(State(status), [Value("BHYT_COVERAGE", (decimal)sent, comment: comment)],
            new WriteOptions(landAs, reason, Atomic: true));

        Assert.Multiple(() =>
        {
            Assert.That((plan.Result.Imported, plan.Result.Updated, plan.Result.Unchanged), Is.EqualTo((imported, updated, unchanged)));
            Assert.That(plan.Result.Conflicts.Select(c => c.Field), Is.EqualTo(conflict is null ? Array.Empty<string>() : new[] { conflict }));
            Assert.That(plan.Writes.Select(w => (SubmissionStatus?)w.NewStatus), Is.EqualTo(newStatus is null ? Array.Empty<SubmissionStatus?>() : new[] { newStatus }));
        });
    }

    [Test]
    public void An_approved_submission_names_its_approver()
    {
        var conflict = WritePlanning.Plan(State(SubmissionStatus.Approved), [Value("BHYT_COVERAGE", 95m)], new WriteOptions(SubmissionAction.Save, "x", true)).Result.Conflicts.Single();
        Assert.That(conflict.Locked, Is.True);
        Assert.That(conflict.Message, Does.Contain("approved by leader at 2025-10-05T02:00:00.000Z"));
    }

    [Test]
    public void A_changed_value_is_planned_with_what_it_was()
    {
        var change = WritePlanning.Plan(State(SubmissionStatus.Draft), [Value("BHYT_COVERAGE", 95m)], new WriteOptions(SubmissionAction.Save, null, true)).Writes.Single().Changes.Single();
        Assert.That(change.Before!.Value, Is.EqualTo(94.4m));
        Assert.That(change.Value.Value, Is.EqualTo(95m));
    }

    [TestCase(true, 0, 0)]
    [TestCase(false, 1, 1)]
    public void A_conflict_stops_an_atomic_write_and_not_the_others(bool atomic, int imported, int writes)
    {
        var plan = WritePlanning.Plan(State(SubmissionStatus.Submitted),
            [Value("BHYT_COVERAGE", 95m, index: 0), Value("EPI_FULL_IMMUNIZATION", 96m, index: 1)], new WriteOptions(SubmissionAction.Save, null, atomic));
        Assert.That(plan.Result.Conflicts.Single().Index, Is.EqualTo(0));
        Assert.That(plan.Result.Imported, Is.EqualTo(imported));
        Assert.That(plan.Writes, Has.Count.EqualTo(writes));
        Assert.That(plan.Result.Written, Is.EqualTo(atomic ? Array.Empty<int>() : new[] { 1 }));
    }

    [TestCase(WriteMode.Upsert, 1, 1, 0)]
    [TestCase(WriteMode.CreateOnly, 1, 0, 1)]
    [TestCase(WriteMode.UpdateOnly, 0, 1, 1)]
    public void Strategies_ignore_existing_or_new_values(WriteMode mode, int imported, int updated, int ignored)
    {
        var plan = WritePlanning.Plan(State(SubmissionStatus.Draft),
            [Value("BHYT_COVERAGE", 95m, index: 0), Value("EPI_FULL_IMMUNIZATION", 96m, index: 1)], new WriteOptions(SubmissionAction.Save, null, true, mode));
        Assert.That((plan.Result.Imported, plan.Result.Updated, plan.Result.Ignored), Is.EqualTo((imported, updated, ignored)));
    }

    // status, comment, reason → deleted, ignored, conflict field
    private static readonly object?[][] Deletions =
    [
        [null, null, null, 0, 1, null],
        [SubmissionStatus.Draft, null, null, 1, 0, null],
        [SubmissionStatus.Submitted, null, null, 0, 0, "comment"],
        [SubmissionStatus.Submitted, "trùng số liệu", null, 1, 0, null],
        [SubmissionStatus.Submitted, null, "DHIS2 import", 1, 0, null],
        [SubmissionStatus.Returned, null, null, 0, 0, "comment"],
        [SubmissionStatus.Approved, "x", null, 0, 0, "period"],
    ];

    [TestCaseSource(nameof(Deletions))]
    public void Deletion(SubmissionStatus? status, string? comment, string? reason, int deleted, int ignored, string? conflict)
    {
        var plan = WritePlanning.PlanDeletion(State(status), [new ValueKey("BHYT_COVERAGE", Unit, Quarter, comment, 0)], reason, atomic: true);
        Assert.Multiple(() =>
        {
            Assert.That((plan.Result.Deleted, plan.Result.Ignored), Is.EqualTo((deleted, ignored)));
            Assert.That(plan.Result.Conflicts.Select(c => c.Field), Is.EqualTo(conflict is null ? Array.Empty<string>() : new[] { conflict }));
            Assert.That(plan.Writes.SelectMany(w => w.Deletions).Select(d => d.Before.Value), Is.EqualTo(deleted == 1 ? new[] { 94.4m } : Array.Empty<decimal>()));
        });
    }

    [Test]
    public void A_disaggregated_value_is_a_value_of_its_own_beside_the_total()
    {
        var state = State(SubmissionStatus.Draft);
        var plan = WritePlanning.Plan(state, [new CheckedValue("BHYT_COVERAGE", Unit, Quarter, 88m, null, null, null, 0, "ethnicity:minority")],
            new WriteOptions(SubmissionAction.Save, null, Atomic: true));
        Assert.That((plan.Result.Imported, plan.Result.Updated), Is.EqualTo((1, 0)), "the total stays; the option is new");

        var saved = plan.Writes.Single().After(42, At, "reporter", v => v);
        Assert.That(saved.Values.Keys, Is.EquivalentTo(new[] { "BHYT_COVERAGE", StoredValue.Slot("BHYT_COVERAGE", "ethnicity:minority") }));
        Assert.That(saved.Values[StoredValue.Slot("BHYT_COVERAGE", "ethnicity:minority")].Disaggregation, Is.EqualTo("ethnicity:minority"));
        Assert.That(StoredValue.Slot("BHYT_COVERAGE", ""), Is.SameAs("BHYT_COVERAGE"), "a total's slot is its code, no new string");
    }

    // status before, land as → status after, submitted at (null: none; "now": the write's time; "before": kept)
    [TestCase(null, SubmissionAction.Save, SubmissionStatus.Draft, null)]
    [TestCase(null, SubmissionAction.Submit, SubmissionStatus.Submitted, "now")]
    [TestCase(SubmissionStatus.Draft, SubmissionAction.Save, SubmissionStatus.Draft, "before")]
    [TestCase(SubmissionStatus.Draft, SubmissionAction.Submit, SubmissionStatus.Submitted, "now")]
    [TestCase(SubmissionStatus.Returned, SubmissionAction.Submit, SubmissionStatus.Submitted, "now")]
    [TestCase(SubmissionStatus.Submitted, SubmissionAction.Submit, SubmissionStatus.Submitted, "before")]
    public void The_state_after_a_write_is_what_a_read_would_find(SubmissionStatus? before, SubmissionAction landAs, SubmissionStatus after, string? submittedAt)
    {
        var state = State(before);
        if (before is not null) state[(Unit, Quarter.Id)] = state[(Unit, Quarter.Id)] with { Row = state[(Unit, Quarter.Id)].Row! with { SubmittedAt = At.AddDays(-1), SubmittedBy = "officer", StatusComment = "thiếu số liệu" } };
        var plan = WritePlanning.Plan(state, [new CheckedValue("EPI_FULL_IMMUNIZATION", Unit, Quarter, 2m / 3m * 100, 2, 3, "ghi chú", 0)], new WriteOptions(landAs, "sửa", Atomic: true));
        var now = At.AddHours(5);

        var saved = plan.Writes.Single().After(42, now, "reporter", v => Math.Round(v, 4));

        Assert.That((saved.Id, saved.Status, saved.Row!.Id, saved.Row.Status), Is.EqualTo(((long?)42, (SubmissionStatus?)after, 42L, EnumText.Of(after))));
        Assert.That((saved.Row.UpdatedAt, saved.Row.UpdatedBy, saved.Row.ApprovedAt, saved.Row.ApprovedBy), Is.EqualTo((now, "reporter", (DateTimeOffset?)null, (string?)null)));
        Assert.That(saved.Row.CreatedAt, Is.EqualTo(before is null ? now : At));
        Assert.That(saved.Row.StatusComment, Is.EqualTo(before is null ? null : "thiếu số liệu"));
        var expectedSubmitted = submittedAt switch { "now" => now, "before" => At.AddDays(-1), _ => (DateTimeOffset?)null };
        Assert.That((saved.Row.SubmittedAt, saved.Row.SubmittedBy), Is.EqualTo((expectedSubmitted, submittedAt switch { "now" => "reporter", "before" => "officer", _ => null })));
        var written = saved.Values["EPI_FULL_IMMUNIZATION"];
        Assert.That((written.Value, written.Numerator, written.Denominator, written.Comment, written.UpdatedAt, written.UpdatedBy),
            Is.EqualTo((66.6667m, (decimal?)2m, (decimal?)3m, "ghi chú", now, "reporter")), "numbers as the column gives them back");
        Assert.That(saved.Values.ContainsKey("BHYT_COVERAGE"), Is.EqualTo(before is not null), "values the write did not touch stay");
    }
}

/// <summary>A submission returned for some indicators only: the others may be sent again unchanged, never changed or added.</summary>
public class LimitedReturnPlanningTests
{
    private const string Unit = "51@2025-07-01";
    private static readonly Period Quarter = Period.Parse("2025Q3");
    private static readonly DateTimeOffset At = new(2025, 10, 5, 2, 0, 0, TimeSpan.Zero);

    private static Dictionary<(string, string), SubmissionState> Returned(string? editable)
    {
        var values = new[] { "BHYT_COVERAGE", "EPI_FULL_IMMUNIZATION" }
            .ToDictionary(i => i, i => new StoredValue { Indicator = i, Value = 90m, UpdatedAt = At, UpdatedBy = "officer" });
        var row = new SubmissionRow
        {
            Id = 7, UnitId = Unit, Period = Quarter.Id, Status = "returned", CreatedAt = At, UpdatedAt = At, UpdatedBy = "officer", EditableIndicators = editable,
        };
        return new() { [(Unit, Quarter.Id)] = new SubmissionState(7, Unit, Quarter.Id, SubmissionStatus.Returned, values, row) };
    }

    // editable indicators, indicator sent, value → conflict field (or none)
    [TestCase("BHYT_COVERAGE", "BHYT_COVERAGE", 91, null)]
    [TestCase("BHYT_COVERAGE", "EPI_FULL_IMMUNIZATION", 91, "indicator")]
    [TestCase("BHYT_COVERAGE", "EPI_FULL_IMMUNIZATION", 90, null, TestName = "an unchanged value of another indicator is no change")]
    [TestCase("BHYT_COVERAGE", "E_HEALTH_BOOK_RATE", 60, "indicator", TestName = "no new indicator either")]
    [TestCase("BHYT_COVERAGE,EPI_FULL_IMMUNIZATION", "EPI_FULL_IMMUNIZATION", 91, null)]
    [TestCase(null, "E_HEALTH_BOOK_RATE", 60, null, TestName = "a whole return limits nothing")]
    public void Only_the_returned_indicators_change(string? editable, string indicator, decimal value, string? conflict)
    {
        var plan = WritePlanning.Plan(Returned(editable), [new CheckedValue(indicator, Unit, Quarter, value, null, null, value == 90 ? null : "sửa", 0)],
            new WriteOptions(SubmissionAction.Save, null, Atomic: true));
        Assert.That(plan.Result.Conflicts.Select(c => c.Field), Is.EqualTo(conflict is null ? Array.Empty<string>() : new[] { conflict }));
        if (conflict is not null) Assert.That(plan.Result.Conflicts[0].Message, Does.Contain("returned for " + editable!.Replace(",", ", ", StringComparison.Ordinal) + " only"));
    }

    [Test]
    public void Deleting_another_indicator_is_refused()
    {
        var plan = WritePlanning.PlanDeletion(Returned("BHYT_COVERAGE"), [new ValueKey("EPI_FULL_IMMUNIZATION", Unit, Quarter, "xóa", 0)], null, atomic: true);
        Assert.That(plan.Result.Conflicts.Single().Locked, Is.True);
    }
}

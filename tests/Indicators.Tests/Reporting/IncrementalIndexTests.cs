using System.Net;
using Indicators.Api.Domain;
using Indicators.Api.Features.Attainment;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Reporting;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Reporting;

/// <summary>
/// After a write the value index of the new version is made from the previous one and the audited changes, and
/// attainment rows the changes cannot reach are reused: every report must read exactly as if it were computed
/// from scratch.
/// </summary>
public sealed class IncrementalIndexTests : ApiTest
{
    private static readonly string[] Reads =
    [
        ApiRoutes.Attainment + "?limit=10000",
        ApiRoutes.Attainment + "?year=2030&level=province",
        ApiRoutes.Attainment + "?unit=51@2025-07-01&asOf=2026-06-30",
        ApiRoutes.Attainment + "?year=2030&status=noData",
        ApiRoutes.Attainment + "?year=2030&level=commune&format=csv",
        ApiRoutes.Gaps + "?year=2030",
        ApiRoutes.ScorecardUrl("51"),
        ApiRoutes.Series + "?indicator=DOCTORS_PER_10K&unit=51@2025-07-01",
        ApiRoutes.Series + "?indicator=LIFE_EXPECTANCY&unit=51@2025-07-01",
    ];

    private async Task ImportAsync(params object[] rows)
    {
        var response = await Admin().ImportJson(rows, "?reason=test%20correction");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<Dictionary<string, string>> ReadAllAsync(IEnumerable<string>? reads = null)
    {
        var bodies = new Dictionary<string, string>();
        foreach (var url in reads ?? Reads)
        {
            var response = await Client().GetAsync(url);
            bodies[url] = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url + ": " + bodies[url]);
        }
        return bodies;
    }

    /// <summary>The same reads from an index built from scratch.</summary>
    private async Task<Dictionary<string, string>> ReadAllFromScratchAsync(IEnumerable<string>? reads = null)
    {
        Service<ValueIndexCache>().Invalidate();
        return await ReadAllAsync(reads);
    }

    [Test]
    public async Task Reports_after_writes_read_as_if_computed_from_scratch()
    {
        await ImportAsync(
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1200, denominator: 1250000),
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", numerator: 500, denominator: 580000),
            ImportRequests.Row("51", "2024", "POPULATION", value: 1250000),
            ImportRequests.Row("62", "2024", "POPULATION", value: 580000),
            ImportRequests.Row("51", "2024", "LIFE_EXPECTANCY", value: 74.2m),
            ImportRequests.Row("62", "2024", "LIFE_EXPECTANCY", value: 71.8m),
            ImportRequests.Row("21025@2025-07-01", "2025Q3", "BHYT_COVERAGE", numerator: 9000, denominator: 10000),
            ImportRequests.Row("VN", "2024", "INFANT_MORTALITY_PER_1000", value: 14m));
        var first = await ReadAllAsync();

        // Values only: a correction of a former province (reaches the merged one), a new commune value, a new year.
        await ImportAsync(
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", numerator: 620, denominator: 580000, comment: "recount"),
            ImportRequests.Row("51@2025-07-01", "2025", "DOCTORS_PER_10K", numerator: 1900, denominator: 1850000),
            ImportRequests.Row("21025@2025-07-01", "2025Q4", "BHYT_COVERAGE", numerator: 9100, denominator: 10000));
        var afterValues = await ReadAllAsync();
        var index = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;
        Assert.That(index.Previous, Is.Not.Null, "the index was made from the previous one");
        Assert.That(afterValues[ApiRoutes.Attainment + "?unit=51@2025-07-01&asOf=2026-06-30"], Is.Not.EqualTo(first[ApiRoutes.Attainment + "?unit=51@2025-07-01&asOf=2026-06-30"]));
        Assert.That(afterValues, Is.EqualTo(await ReadAllFromScratchAsync()));

        // A population (reaches every weighted mean above it) and a new target.
        await ReadAllAsync();
        await ImportAsync(ImportRequests.Row("62", "2024", "POPULATION", value: 600000, comment: "census"));
        var target = await Admin().PostAsync(ApiRoutes.Targets, JsonBody(new
        {
            indicator = "DOCTORS_PER_10K", unit = "51", year = 2030, comparator = "gte", value = 12, source = "Kế hoạch thử nghiệm 02/KH-SYT 02/01/2026",
        }));
        Assert.That(target.StatusCode, Is.EqualTo(HttpStatusCode.Created), await target.Content.ReadAsStringAsync());
        var afterTarget = await ReadAllAsync();
        Assert.That(afterTarget[ApiRoutes.Series + "?indicator=LIFE_EXPECTANCY&unit=51@2025-07-01"],
            Is.Not.EqualTo(afterValues[ApiRoutes.Series + "?indicator=LIFE_EXPECTANCY&unit=51@2025-07-01"]), "the weighted mean moved with the population");
        Assert.That(afterTarget, Is.EqualTo(await ReadAllFromScratchAsync()));
    }

    [Test]
    public async Task Disaggregated_writes_read_as_if_computed_from_scratch()
    {
        string[] reads =
        [
            ApiRoutes.Values + "?indicator=BHYT_COVERAGE&unit=51@2025-07-01&source=all",
            ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=51@2025-07-01&disaggregation=ethnicity:minority",
            ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=21025@2025-07-01",
            ApiRoutes.Attainment + "?indicator=BHYT_COVERAGE&unit=21025@2025-07-01&asOf=2026-06-30",
        ];
        async Task<Dictionary<string, string>> Read()
        {
            var bodies = new Dictionary<string, string>();
            foreach (var url in reads) bodies[url] = await (await Client().GetAsync(url)).Content.ReadAsStringAsync();
            return bodies;
        }
        static object Row(string ethnicity, int numerator) =>
            new { unit = "21025@2025-07-01", period = "2025Q3", indicator = "BHYT_COVERAGE", numerator, denominator = 1000, disaggregation = new { ethnicity } };

        await ImportAsync(Row("kinh", 950));
        await Read();
        // The second option completes the split: the commune's total is derived now, and a change of one option moves it.
        await ImportAsync(Row("minority", 880));
        var complete = await Read();
        Assert.That(complete[reads[2]], Does.Contain("\"source\":\"derived\""));
        Assert.That(complete, Is.EqualTo(await ReadFromScratch()));
        await ImportAsync(Row("minority", 900));
        var changed = await Read();
        Assert.That(changed[reads[2]], Is.Not.EqualTo(complete[reads[2]]));
        Assert.That(changed, Is.EqualTo(await ReadFromScratch()));

        async Task<Dictionary<string, string>> ReadFromScratch()
        {
            Service<ValueIndexCache>().Invalidate();
            return await Read();
        }
    }

    [Test]
    public async Task A_submission_moving_into_and_out_of_the_counted_statuses_reads_as_if_computed_from_scratch()
    {
        string[] reads = [.. Reads, ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=51@2025-07-01"];
        var (unit, period) = ("51@2025-07-01", "2025Q3");
        await ImportAsync(ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1200, denominator: 1250000));
        var saved = await Admin().PutAsync(ApiRoutes.SubmissionUrl(unit, period), JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 94.4 } } }));
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
        var draft = await ReadAllAsync(reads);

        // Each step changes only the submission's status: its values are found through the submission the audit names.
        foreach (var (step, counts) in new[] { (SubmissionAction.Submit, true), (SubmissionAction.Return, false), (SubmissionAction.Submit, true) })
        {
            var before = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;
            var moved = await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(unit, period, step), step == SubmissionAction.Return ? JsonBody(new { comment = "Số liệu chưa khớp" }) : null);
            Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
            var after = await ReadAllAsync(reads);
            Assert.That((await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index.Previous, Is.SameAs(before), "the index was made from the previous one");
            Assert.That(after[reads[^1]], counts ? Is.Not.EqualTo(draft[reads[^1]]) : Is.EqualTo(draft[reads[^1]]), $"{step}: the value counts only while submitted");
            Assert.That(after, Is.EqualTo(await ReadAllFromScratchAsync(reads)), step.ToString());
        }
    }

    [Test]
    public async Task A_bulk_correction_of_one_value_reaches_only_its_own_series_and_keeps_the_judged_targets()
    {
        await ImportAsync(
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1200, denominator: 1250000),
            ImportRequests.Row("51", "2024", "LIFE_EXPECTANCY", value: 74.2m));
        await ReadAllAsync();
        var before = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;
        var day = new DateOnly(2026, 6, 30);
        var judged = before.Judged(2030, day, null);

        // The import audits the submission's changes in one value batch; only the value it changed is a change.
        await ImportAsync(ImportRequests.Row("51", "2024", "LIFE_EXPECTANCY", value: 74.5m, comment: "recount"));
        var after = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;
        Assert.That(after.Previous, Is.SameAs(before), "the index was made from the previous one");
        Assert.That(after.Changed, Does.Contain(("LIFE_EXPECTANCY", "51")));
        Assert.That(after.Changed!.Where(c => c.Indicator == "DOCTORS_PER_10K"), Is.Empty, "the other value of the submission did not change");
        Assert.That(after.Judged(2030, day, null), Is.SameAs(judged), "the targets did not change, so neither did whom they are judged for");
        Assert.That(await ReadAllAsync(), Is.EqualTo(await ReadAllFromScratchAsync()));
    }

    [Test]
    public async Task After_a_catalog_or_unit_edit_the_values_are_carried_over_and_reports_read_as_if_computed_from_scratch()
    {
        await ImportAsync(
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1200, denominator: 1250000),
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", numerator: 500, denominator: 580000),
            ImportRequests.Row("51", "2024", "POPULATION", value: 1250000),
            ImportRequests.Row("62", "2024", "POPULATION", value: 580000),
            ImportRequests.Row("21025@2025-07-01", "2025Q3", "BHYT_COVERAGE", numerator: 9000, denominator: 10000));
        var reads = Reads.Append(ApiRoutes.Series + "?indicator=BHYT_COVERAGE&unit=51@2025-07-01").ToArray();
        var first = await ReadAllAsync(reads);

        // The catalog: a new factor changes every derived ratio, new decimals every rounded actual.
        var doctors = (await Json(await Client().GetAsync(ApiRoutes.IndicatorUrl("DOCTORS_PER_10K")))).AsObject();
        doctors.Remove("code");
        doctors["factor"] = 1000;
        doctors["decimals"] = 1;
        var edited = await Admin().PutAsync(ApiRoutes.IndicatorUrl("DOCTORS_PER_10K"), JsonBody(doctors));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.OK), await edited.Content.ReadAsStringAsync());
        var afterCatalog = await ReadAllAsync(reads);
        Assert.That((await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index.ValuesCarriedOver, Is.True, "the values were not read again");
        Assert.That(afterCatalog[ApiRoutes.Series + "?indicator=DOCTORS_PER_10K&unit=51@2025-07-01"],
            Is.Not.EqualTo(first[ApiRoutes.Series + "?indicator=DOCTORS_PER_10K&unit=51@2025-07-01"]), "the merged province's ratio is derived with the new factor");
        Assert.That(afterCatalog, Is.EqualTo(await ReadAllFromScratchAsync(reads)));

        // The units: a commune moved to another province leaves its old one's roll-up.
        await ReadAllAsync(reads);
        var moved = await Admin().PutAsync(ApiRoutes.UnitUrl("21025@2025-07-01"), JsonBody(new
        {
            code = "21025", nameVi = "Phường Cẩm Thành", level = "commune", type = "phuong", parentId = "68@2025-07-01", validFrom = "2025-07-01",
        }));
        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await moved.Content.ReadAsStringAsync());
        var afterUnits = await ReadAllAsync(reads);
        Assert.That((await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index.ValuesCarriedOver, Is.True, "the values were not read again");
        Assert.That(afterUnits[reads[^1]], Is.Not.EqualTo(afterCatalog[reads[^1]]), "the province no longer rolls the commune up");
        Assert.That(afterUnits, Is.EqualTo(await ReadAllFromScratchAsync(reads)));
    }

    [Test]
    public async Task A_task_written_reads_no_value_again_and_reports_read_as_before()
    {
        await ImportAsync(
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", numerator: 1200, denominator: 1250000),
            ImportRequests.Row("51", "2024", "POPULATION", value: 1250000));
        var first = await ReadAllAsync();
        var before = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;

        var created = await Admin().PostAsync(ApiRoutes.Tasks, JsonBody(new
        {
            source = "Kế hoạch thử 99/KH-SYT 02/01/2026", issuedOn = "2026-01-02", unit = "51@2025-07-01", part = "II", item = "3",
            textVi = "Xây dựng kế hoạch đào tạo bác sĩ gia đình.", leadAgencies = new[] { "SO_Y_TE" }, dueText = "Quý IV/2026",
        }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

        var after = (await Service<ValueIndexCache>().GetAsync(CancellationToken.None)).Index;
        Assert.That(after, Is.Not.SameAs(before), "the task is a new data version");
        Assert.That(after.ValuesCarriedOver, Is.True, "the values were not read again");
        Assert.That(await ReadAllAsync(), Is.EqualTo(first));
    }
}

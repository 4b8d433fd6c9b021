using System.Diagnostics;
using System.Net;
using System.Text;
using Indicators.Api.Data;
using Indicators.Api.Features.Imports;

namespace Indicators.Tests.Features.Imports;

public sealed class ImportValuesTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private const string Commune = "21025@2025-07-01";

    private static object[] ThreeGoodRows() =>
    [
        ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", numerator: 1180000, denominator: 1250000),
        ImportRequests.Row("51", "2025", "DOCTORS_PER_10K", value: 11.42m),
        ImportRequests.Row(Commune, "2025Q3", "BHYT_COVERAGE", value: 93.5m, comment: "Phường Cẩm Thành"),
    ];

    [Test]
    public async Task A_json_import_lands_the_rows_as_submitted_and_a_repeat_changes_nothing()
    {
        var response = await Admin().ImportJson(ThreeGoodRows());
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(body["updated"]!.GetValue<int>() + body["unchanged"]!.GetValue<int>() + body["rejected"]!.GetValue<int>(), Is.Zero);
        Assert.That(body["conflicts"]!.AsArray(), Is.Empty);
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.EqualTo(3));
        // The bare code 51 resolves at the end of 2025 to the merged province.
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE unit_id = @u AND indicator_code = 'DOCTORS_PER_10K'", new { u = Province }), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM submissions WHERE status = 'submitted'"), Is.EqualTo(3));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'BHYT_COVERAGE' AND unit_id = @u AND ABS(value - 94.4) < 0.000001", new { u = Province }), Is.EqualTo(1));

        var again = await Json(await Admin().ImportJson(ThreeGoodRows()));
        Assert.That(again["unchanged"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(again["imported"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task An_atomic_import_with_one_bad_row_writes_nothing()
    {
        var before = await ImportRequests.CountsAsync(Service<Database>());
        var rows = ThreeGoodRows().Append(ImportRequests.Row(Province, "2025Q3", "NO_SUCH_INDICATOR", value: 1)).ToArray();
        var problem = await AssertProblem(await Admin().ImportJson(rows), HttpStatusCode.BadRequest, "rows[3].indicator");
        Assert.That(problem["errors"]!.AsObject(), Has.Count.EqualTo(1));
        Assert.That(problem["rejected"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(problem["imported"]!.GetValue<int>(), Is.Zero);
        var conflict = problem["conflicts"]!.AsArray().Single()!;
        Assert.That(conflict["row"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(conflict["field"]!.GetValue<string>(), Is.EqualTo("indicator"));
        Assert.That(conflict["message"]!.GetValue<string>(), Does.Contain("NO_SUCH_INDICATOR"));
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));
    }

    [Test]
    public async Task A_non_atomic_import_writes_exactly_the_good_rows()
    {
        var rows = new[]
        {
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m),
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 101m),          // duplicate of row 1
            ImportRequests.Row("60", "2025Q3", "BHYT_COVERAGE", value: 90m),                // Bình Thuận ended on 2025-06-30
            ImportRequests.Row(Province, "2025", "BHYT_COVERAGE", value: 90m),              // a year does not fit a quarterly indicator
            ImportRequests.Row(Province, "2025", "DOCTORS_PER_10K", value: 11.42m),
            ImportRequests.Row(Province, "2025Q4", "EPI_FULL_IMMUNIZATION", value: 120m),   // a percent over 100
        };
        var response = await Admin().ImportJson(rows, "?atomic=false");
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(body["rejected"]!.GetValue<int>(), Is.EqualTo(4));
        var conflicts = body["conflicts"]!.AsArray().Select(c => (c!["row"]!.GetValue<int>(), c["field"]!.GetValue<string>())).ToList();
        Assert.That(conflicts, Is.SupersetOf(new[] { (2, "indicator"), (3, "unit"), (4, "period"), (6, "value") }));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'BHYT_COVERAGE' AND period = '2025Q3' AND ABS(value - 94.4) < 0.000001"), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'DOCTORS_PER_10K' AND period = '2025'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_dry_run_reports_the_counts_and_writes_nothing()
    {
        var before = await ImportRequests.CountsAsync(Service<Database>());
        var response = await Admin().ImportJson(ThreeGoodRows(), "?dryRun=true");
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));

        // A dry run refuses what the real run would refuse, with the same problem.
        var bad = ThreeGoodRows().Append(ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 1)).ToArray();
        await AssertProblem(await Admin().ImportJson(bad, "?dryRun=true"), HttpStatusCode.BadRequest, "rows[3].indicator");
        Assert.That(await ImportRequests.CountsAsync(Service<Database>()), Is.EqualTo(before));
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using Indicators.Api.Storage;
using Indicators.Api.Features.Imports;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;

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
    public async Task A_refused_row_is_told_in_Vietnamese_when_asked_and_named_by_its_line()
    {
        var client = Admin();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "vi");
        var response = await client.ImportJson(new[]
        {
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m),
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 95m),
            ImportRequests.Row("60", "2025Q3", "BHYT_COVERAGE", value: 90m),
        }, "?atomic=false");
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        var messages = body["conflicts"]!.AsArray().ToDictionary(c => c!["row"]!.GetValue<int>(), c => c!["message"]!.GetValue<string>());
        Assert.That(messages[2], Is.EqualTo($"BHYT_COVERAGE của {Province} kỳ Quý III/2025 bị trùng: đã có ở dòng 1."));
        Assert.That(messages[3], Is.EqualTo("Đơn vị 60 (Bình Thuận) đã kết thúc ngày 30/06/2025; đơn vị kế thừa là 68@2025-07-01 (Lâm Đồng)."));
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

    [Test]
    public async Task A_csv_import_with_a_bom_crlf_and_quoted_fields_lands_like_json()
    {
        var csv = ImportRequests.Header + "\r\n"
            + $"{Province},2025Q3,BHYT_COVERAGE,,1180000,1250000,\"Quý 3, đã rà soát\"\r\n"
            + "51,2025,DOCTORS_PER_10K,11.42,,,\r\n"
            + $"{Commune},2025Q3,BHYT_COVERAGE,93.5,,,\"nhiều dòng\nthứ hai, \"\"trích\"\"\"\r\n";
        var response = await Admin().ImportCsv(csv);
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(3));
        var database = Service<Database>();
        Assert.That(await ImportRequests.TextAsync(database, "SELECT comment FROM data_values WHERE unit_id = @u", new { u = Commune }), Is.EqualTo("nhiều dòng\nthứ hai, \"trích\""));
        Assert.That(await ImportRequests.TextAsync(database, "SELECT comment FROM data_values WHERE unit_id = @u AND indicator_code = 'BHYT_COVERAGE'", new { u = Province }), Is.EqualTo("Quý 3, đã rà soát"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'BHYT_COVERAGE' AND unit_id = @u AND numerator = 1180000 AND denominator = 1250000", new { u = Province }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_csv_row_error_is_reported_by_its_row_number()
    {
        // Row 2 (line 3) names an unknown unit: the conflict says row 2, the errors key rows[1].
        var csv = ImportRequests.Header + "\n" + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,,\n" + "99,2025Q3,BHYT_COVERAGE,94.4,,,\n";
        var problem = await AssertProblem(await Admin().ImportCsv(csv), HttpStatusCode.BadRequest, "rows[1].unit");
        Assert.That(problem["conflicts"]![0]!["row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [TestCase("unit,period,indicator,value,numerator,denominator", TestName = "A column missing from the header")]
    [TestCase("Unit,Period,Indicator,Value,Numerator,Denominator,Comment", TestName = "A header in other letters")]
    [TestCase("period,unit,indicator,value,numerator,denominator,comment", TestName = "A header in another order")]
    public async Task A_csv_with_a_wrong_header_is_refused(string header)
    {
        var problem = await AssertProblem(await Admin().ImportCsv(header + "\n" + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,,\n"), HttpStatusCode.BadRequest, "header");
        Assert.That(problem["errors"]!["header"]![0]!.GetValue<string>(), Does.Contain(ImportRequests.Header));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task A_ragged_csv_row_is_refused_naming_the_row()
    {
        var csv = ImportRequests.Header + "\n" + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,,\n" + $"{Province},2025,DOCTORS_PER_10K,11.42,,\n";
        var problem = await AssertProblem(await Admin().ImportCsv(csv), HttpStatusCode.BadRequest, "rows[1]");
        Assert.That(problem["errors"]!["rows[1]"]![0]!.GetValue<string>(), Does.StartWith("Row 2 has 6 fields"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task A_csv_that_cannot_be_read_is_told_in_Vietnamese_when_asked()
    {
        var client = Admin();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "vi");

        var header = await AssertProblem(await client.ImportCsv("unit,period,indicator\n"), HttpStatusCode.BadRequest, "header");
        Assert.That(header["errors"]!["header"]![0]!.GetValue<string>(), Is.EqualTo(
            $"Dòng tiêu đề phải đúng là {ImportRequests.Header}, có thể thêm sau đó mã các nhóm phân tổ (sex,ageGroup,area,ethnicity); tệp có 'unit,period,indicator'."));
        Assert.That(header["title"]!.GetValue<string>(), Is.EqualTo("Không đọc được tệp CSV; chưa có số liệu nào được nhập."));

        var csv = ImportRequests.Header + "\n" + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,\n" + $"{Province},2025,DOCTORS_PER_10K,1\"1,,,\n"
            + $"\uFEFF{Province},2025,DOCTORS_PER_10K,11.42,,,\n";
        var rows = (await AssertProblem(await client.ImportCsv(csv), HttpStatusCode.BadRequest, "rows[0]"))["errors"]!.AsObject();
        // A stray quote is told on its own row, and only it: the row is not read on as a value that is not a number.
        Assert.That(rows.Select(e => e.Key), Is.EquivalentTo(new[] { "rows[0]", "rows[1]", "rows[2].unit" }));
        Assert.That(rows["rows[0]"]![0]!.GetValue<string>(), Is.EqualTo($"Dòng 1 có 6 trường; mỗi dòng cần 7: {ImportRequests.Header}."));
        Assert.That(rows["rows[1]"]![0]!.GetValue<string>(), Does.StartWith("Dòng 2: '1\"1' có dấu nháy kép trong một trường không nằm trong nháy kép"));
        Assert.That(rows["rows[2].unit"]![0]!.GetValue<string>(), Does.StartWith("Dòng 3, cột unit: dấu thứ tự byte (BOM, U+FEFF) chỉ được có ở đầu tệp"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [TestCase("abc")]
    [TestCase("94,4")]
    [TestCase("NaN")]
    [TestCase("1.234.5")]
    public async Task A_csv_number_column_with_text_is_refused_naming_the_row_and_column(string text)
    {
        var csv = ImportRequests.Header + "\n" + $"{Province},2025,DOCTORS_PER_10K,11.42,,,\n" + $"{Province},2025Q3,BHYT_COVERAGE,\"{text}\",,,\n";
        // Even with atomic=false: a file that does not parse is not half-imported.
        var problem = await AssertProblem(await Admin().ImportCsv(csv, "?atomic=false"), HttpStatusCode.BadRequest, "rows[1].value");
        Assert.That(problem["errors"]!["rows[1].value"]![0]!.GetValue<string>(), Does.Contain("Row 2, column value"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task A_byte_order_mark_inside_the_csv_is_refused()
    {
        // Two exported files joined: the second one's BOM lands at the start of a row.
        var csv = ImportRequests.Header + "\n" + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,,\n" + $"\uFEFF{Province},2025,DOCTORS_PER_10K,11.42,,,\n";
        var problem = await AssertProblem(await Admin().ImportCsv(csv), HttpStatusCode.BadRequest, "rows[1].unit");
        Assert.That(problem["errors"]!["rows[1].unit"]![0]!.GetValue<string>(), Does.Contain("U+FEFF"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task A_csv_that_is_not_utf8_or_not_csv_or_json_is_refused()
    {
        var latin1 = new ByteArrayContent([.. Encoding.UTF8.GetBytes(ImportRequests.Header + "\n51,2025,DOCTORS_PER_10K,1,,,Qu"), 0xE1, 0xBA, (byte)'\n']);
        // Without a charset such bytes are read as Windows-1258; declared UTF-8 they are refused.
        latin1.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, latin1), HttpStatusCode.BadRequest, "body");

        var declared = ImportRequests.Csv(ImportRequests.Header + "\n");
        declared.Headers.ContentType!.CharSet = "iso-8859-1";
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, declared), HttpStatusCode.UnsupportedMediaType);

        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, new StringContent("x", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, JsonBody("{\"rows\": [{\"unit\": \"51\", \"value\": \"12\"}]}")), HttpStatusCode.BadRequest, "rows[0].value");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, JsonBody("{\"rows\": [null]}")), HttpStatusCode.BadRequest, "rows[0]");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, JsonBody("{}")), HttpStatusCode.BadRequest, "rows");
        await AssertProblem(await Admin().PostAsync(ApiRoutes.Imports, JsonBody("{\"rows\": [")), HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task A_formula_in_a_comment_is_stored_as_text_and_neutralised_in_the_csv_of_the_values_list()
    {
        const string formula = "=cmd|' /C calc'!A0";
        var csv = ImportRequests.Header + "\n" + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,,{formula}\n";
        Assert.That((await Admin().ImportCsv(csv)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ImportRequests.TextAsync(Service<Database>(), "SELECT comment FROM data_values"), Is.EqualTo(formula));

        var json = await Json(await Client().GetAsync(ApiRoutes.Values + "?indicator=BHYT_COVERAGE"));
        Assert.That(json["items"]![0]!["comment"]!.GetValue<string>(), Is.EqualTo(formula));
        var text = await Client().GetStringAsync(ApiRoutes.Values + "?indicator=BHYT_COVERAGE&format=csv");
        Assert.That(text, Does.Contain(",'" + formula + ","));
        Assert.That(text, Does.Not.Contain("," + formula));
    }

    [Test]
    public async Task Vietnamese_comments_round_trip_byte_exact_in_nfc_through_import_and_the_values_csv()
    {
        const string nfc = "Số liệu quý 3: đã rà soát với Sở Y tế — “Kon Tum cũ” ước tính";
        var decomposed = "Tỷ lệ ước tính".Normalize(NormalizationForm.FormD);
        Assert.That(nfc.IsNormalized(NormalizationForm.FormC), Is.True);
        var csv = ImportRequests.Header + "\r\n"
            + $"{Province},2025Q3,BHYT_COVERAGE,94.4,,,{nfc}\r\n"
            + $"{Province},2025Q3,EPI_FULL_IMMUNIZATION,97.1,,,{decomposed}\r\n";
        Assert.That((await Admin().ImportCsv(csv)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var bytes = await Client().GetByteArrayAsync(ApiRoutes.Values + $"?unit={Province}&format=csv");
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        // The cell is exactly the bytes sent; a decomposed comment comes back composed.
        Assert.That(lines[1].Split(',')[10], Is.EqualTo(nfc));
        Assert.That(ContainsBytes(bytes, Encoding.UTF8.GetBytes("," + nfc + ",")), Is.True);
        Assert.That(lines[2].Split(',')[10], Is.EqualTo("Tỷ lệ ước tính".Normalize(NormalizationForm.FormC)));
        Assert.That(lines[2].Split(',')[10], Is.Not.EqualTo(decomposed));
    }

    private static bool ContainsBytes(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [Test]
    public async Task A_reporter_imports_for_its_communes_and_its_former_provinces_but_not_for_another_province()
    {
        var reporter = Client(await KeyAsync("reporter", Province));
        var rows = new[]
        {
            ImportRequests.Row(Commune, "2025Q3", "BHYT_COVERAGE", value: 93.5m),
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", value: 10.9m),    // former Quảng Ngãi
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", value: 9.8m),     // former Kon Tum
        };
        var ok = await reporter.ImportJson(rows);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE unit_id IN ('21025@2025-07-01', '51', '62')"), Is.EqualTo(3));

        var withHanoi = rows.Append(ImportRequests.Row("01", "2025", "DOCTORS_PER_10K", value: 20m)).ToArray();
        var problem = await AssertProblem(await reporter.ImportJson(withHanoi), HttpStatusCode.BadRequest, "rows[3].unit");
        Assert.That(problem["errors"]!.AsObject(), Has.Count.EqualTo(1));
        Assert.That(problem["errors"]!["rows[3].unit"]![0]!.GetValue<string>(), Does.Contain("may not report for 01"));

        var partial = await Json(await reporter.ImportJson(withHanoi, "?atomic=false"));
        Assert.That(partial["rejected"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(partial["unchanged"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE unit_id = '01'"), Is.Zero);

        Assert.That((await Client(await KeyAsync("reader")).ImportJson(rows)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Client(await KeyAsync("approver", Province)).ImportJson(rows)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Client().ImportJson(rows)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_import_into_an_approved_submission_is_a_conflict()
    {
        Assert.That((await Admin().ImportJson(new[] { ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m) })).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var approve = await Admin().PostAsync(ApiRoutes.SubmissionStepUrl(Province, "2025Q3", SubmissionAction.Approve), JsonBody("{}"));
        Assert.That(approve.StatusCode, Is.EqualTo(HttpStatusCode.OK), await approve.Content.ReadAsStringAsync());

        var rows = new[]
        {
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 95m, comment: "sửa"),
            ImportRequests.Row(Province, "2025Q3", "EPI_FULL_IMMUNIZATION", value: 97m),
            ImportRequests.Row(Province, "2025Q4", "BHYT_COVERAGE", value: 95.2m),
        };
        var problem = await AssertProblem(await Admin().ImportJson(rows), HttpStatusCode.BadRequest, "rows[0].period", "rows[1].period");
        Assert.That(problem["errors"]!["rows[0].period"]![0]!.GetValue<string>(), Does.Contain("approved by"));
        Assert.That(problem["rejected"]!.GetValue<int>(), Is.EqualTo(2));

        var partial = await Json(await Admin().ImportJson(rows, "?atomic=false"));
        Assert.That(partial["imported"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(partial["rejected"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE period = '2025Q3'"), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE period = '2025Q3' AND ABS(value - 94.4) < 0.000001"), Is.EqualTo(1));
        Assert.That(await ImportRequests.TextAsync(Service<Database>(), "SELECT status FROM submissions WHERE period = '2025Q3'"), Is.EqualTo("approved"));
    }

    [Test]
    public async Task A_correction_of_a_submitted_value_needs_a_comment_or_the_reason_parameter()
    {
        Assert.That((await Admin().ImportJson(new[] { ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.4m) })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var bare = new[] { ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.6m) };
        var problem = await AssertProblem(await Admin().ImportJson(bare), HttpStatusCode.BadRequest, "rows[0].comment");
        Assert.That(problem["errors"]!["rows[0].comment"]![0]!.GetValue<string>(), Does.Contain("needs a comment"));

        var byReason = await Json(await Admin().ImportJson(bare, "?reason=" + Uri.EscapeDataString("Điều chỉnh theo BHXH tỉnh")));
        Assert.That(byReason["updated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That((await ImportRequests.ValueChangesAsync(Service<Database>())).Single(c => c.Action == "updated").Reason, Is.EqualTo("Điều chỉnh theo BHXH tỉnh"));

        var byComment = await Json(await Admin().ImportJson(new[] { ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", value: 94.7m, comment: "Số liệu chính thức") }));
        Assert.That(byComment["updated"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That((await ImportRequests.ValueChangesAsync(Service<Database>())).Last(c => c.Action == "updated").Reason, Is.EqualTo("Số liệu chính thức"));
        await AssertProblem(await Admin().ImportJson(bare, "?reason=%07bell"), HttpStatusCode.BadRequest, "reason");
    }

    [Test]
    public async Task A_50000_row_csv_lands_completely_in_one_atomic_import()
    {
        // Communes × indicators × two quarters, the first 50,000 of them.
        await using var connection = await Service<Database>().OpenAsync();
        var communes = (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT id FROM units WHERE level = 'commune' ORDER BY id")).ToList();
        string[] indicators = ["BHYT_COVERAGE", "EPI_FULL_IMMUNIZATION", "E_HEALTH_BOOK_RATE", "HEALTH_MANAGED_POPULATION_RATE",
            "COMMUNE_STATIONS_WITH_DOCTOR_RATE", "BHYT_VISITS_AT_COMMUNE_SHARE", "NCD_MANAGING_STATIONS_RATE", "PHYSICAL_ACTIVITY_RATE"];
        var keys = (from period in new[] { "2025Q3", "2025Q4" } from indicator in indicators from commune in communes select (commune, period, indicator)).Take(50_000).ToList();
        var csv = new StringBuilder(ImportRequests.Header).Append('\n');
        var rows = 0;
        foreach (var (commune, period, indicator) in keys)
        {
            csv.Append(commune).Append(',').Append(period).Append(',').Append(indicator).Append(',')
               .Append((50 + rows % 500 / 10m).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(",,,\n");
            rows++;
        }
        Assert.That(rows, Is.EqualTo(50_000));
        var clock = Stopwatch.StartNew();
        var response = await Admin().ImportCsv(csv.ToString());
        clock.Stop();
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString()[..Math.Min(2000, body.ToJsonString().Length)]);
        TestContext.Out.WriteLine($"50,000-row CSV import: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(50_000));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.EqualTo(50_000));
        var changes = await ImportRequests.ValueChangesAsync(Service<Database>());
        Assert.That(changes.Count(c => c.Action == "created"), Is.EqualTo(50_000));
        Assert.That(changes.Select(c => c.Id).Distinct().Count(), Is.EqualTo(50_000), "each change has an id of its own");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'valueBatch'"), Is.EqualTo(await ScalarAsync("SELECT COUNT(*) FROM submissions")), "one audit row per submission");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM submissions WHERE status = 'submitted'"), Is.EqualTo(await ScalarAsync("SELECT COUNT(DISTINCT unit_id || '/' || period) FROM data_values")));
    }
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using ExcelDataReader;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Imports;

/// <summary>The xlsx template of a unit and period, filled in and posted back to /imports.</summary>
public sealed class ImportTemplateTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    static ImportTemplateTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private async Task<byte[]> TemplateAsync(string query)
    {
        var response = await Client().GetAsync(ApiRoutes.ImportTemplate + "?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(Xlsx));
        return await response.Content.ReadAsByteArrayAsync();
    }

    internal static List<object?[]> Rows(byte[] xlsx)
    {
        using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(xlsx));
        var rows = new List<object?[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        return rows;
    }

    private static XDocument SheetXml(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var stream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The template with some cells typed in, as a spreadsheet saves them: numbers as number cells, text inline.</summary>
    internal static byte[] Fill(byte[] xlsx, params (string Cell, object Value)[] cells)
    {
        var copy = new MemoryStream();
        copy.Write(xlsx);
        using (var zip = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            XDocument sheet;
            using (var stream = entry.Open()) sheet = XDocument.Load(stream);
            foreach (var (reference, value) in cells)
            {
                var cell = sheet.Descendants(Main + "c").Single(c => (string?)c.Attribute("r") == reference);
                cell.RemoveNodes();
                cell.Attribute("t")?.Remove();
                if (value is string text) cell.Add(new XAttribute("t", "inlineStr"), new XElement(Main + "is", new XElement(Main + "t", text)));
                else cell.Add(new XElement(Main + "v", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
            }
            entry.Delete();
            using var write = zip.CreateEntry("xl/worksheets/sheet1.xml").Open();
            sheet.Save(write);
        }
        return copy.ToArray();
    }

    private Task<HttpResponseMessage> UploadAsync(byte[] xlsx, string query = "", string? language = null)
    {
        var content = new ByteArrayContent(xlsx);
        content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        var client = Admin();
        if (language is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", language);
        return client.PostAsync(ApiRoutes.Imports + query, content);
    }

    [Test]
    public async Task The_template_of_a_province_and_its_communes_has_codes_as_text_names_the_period_label_and_last_periods_value()
    {
        var before = await Admin().PutAsync(ApiRoutes.SubmissionUrl(Province, "2025Q3"),
            JsonBody(new { values = new[] { new { indicator = "BHYT_COVERAGE", value = 93.076923m } }, submit = true }));
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var xlsx = await TemplateAsync($"unit={Province}&period=2025Q4&children=true");
        var rows = Rows(xlsx);
        var header = rows[0].Select(h => h?.ToString()).ToList();
        Assert.That(header, Does.Contain("Mã đơn vị (unit)").And.Contain("Giá trị (value)").And.Contain("Kỳ trước: Quý III/2025 (previousValue)"));
        int Col(string key) => header.FindIndex(h => h!.EndsWith($"({key})", StringComparison.Ordinal));

        var data = rows.Skip(1).ToList();
        var units = data.Select(r => (string)r[Col("unit")]!).Distinct().ToList();
        Assert.That(units[0], Is.EqualTo(Province));
        Assert.That(units.Count, Is.GreaterThan(10), "the province's communes follow it");
        Assert.That(data.Select(r => r[Col("periodLabel")]).Distinct(), Is.EqualTo(new[] { "Quý IV/2025" }));
        Assert.That(data.Select(r => (string)r[Col("indicator")]!).Distinct(), Does.Contain("BHYT_COVERAGE").And.Not.Contain("DOCTORS_PER_10K"), "quarterly indicators only");
        var coverage = data.Single(r => (string)r[Col("unit")]! == Province && (string)r[Col("indicator")]! == "BHYT_COVERAGE");
        Assert.That(coverage[Col("previousValue")], Is.EqualTo(93.076923d), "a number cell");
        Assert.That(coverage[Col("unitName")], Is.EqualTo("Quảng Ngãi"));

        var sheet = SheetXml(xlsx);
        Assert.That(sheet.Descendants(Main + "sheetProtection").Single().Attribute("sheet")?.Value, Is.EqualTo("1"));
        // The input columns (value … comment) are unlocked, the keys are not.
        var cols = sheet.Descendants(Main + "col").ToList();
        Assert.That(cols.Select(c => c.Attribute("style") is not null), Is.EqualTo(header.Select(h => h is "Giá trị (value)" or "Tử số (numerator)" or "Mẫu số (denominator)" or "Ghi chú (comment)")));
    }

    [Test]
    public async Task A_filled_template_is_previewed_by_a_dry_run_then_imported_and_sent_back_unchanged_changes_nothing()
    {
        var xlsx = await TemplateAsync($"unit={Province}&period=2025Q3");
        var rows = Rows(xlsx);
        var indicators = rows.Skip(1).Select(r => (string)r[4]!).ToList();
        var coverageRow = indicators.IndexOf("BHYT_COVERAGE") + 2;
        var epiRow = indicators.IndexOf("EPI_FULL_IMMUNIZATION") + 2;
        // Column I is the value, J the numerator, K the denominator, L the comment.
        var filled = Fill(xlsx, ($"J{coverageRow}", 1180000), ($"K{coverageRow}", 1250000), ($"I{epiRow}", "97,2"), ($"L{epiRow}", "Đã rà soát"));

        var preview = await Json(await UploadAsync(filled, "?dryRun=true"));
        Assert.That(preview["imported"]!.GetValue<int>(), Is.EqualTo(2), preview.ToJsonString());
        Assert.That(preview["file"]!["format"]!.GetValue<string>(), Is.EqualTo("xlsx"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);

        var response = await UploadAsync(filled);
        var body = await Json(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'BHYT_COVERAGE' AND ABS(value - 94.4) < 0.000001"), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'EPI_FULL_IMMUNIZATION' AND ABS(value - 97.2) < 0.000001"), Is.EqualTo(1));

        // The template now shows what was imported, and sending it back unchanged changes nothing.
        var again = await TemplateAsync($"unit={Province}&period=2025Q3");
        var unchanged = await Json(await UploadAsync(again));
        Assert.That((unchanged["unchanged"]!.GetValue<int>(), unchanged["imported"]!.GetValue<int>()), Is.EqualTo((2, 0)), unchanged.ToJsonString());
    }

    [Test]
    public async Task A_cell_that_is_not_a_number_is_named_by_its_sheet_row_and_column()
    {
        var xlsx = await TemplateAsync($"unit={Province}&period=2025Q3");
        var problem = await AssertProblem(await UploadAsync(Fill(xlsx, ("I3", "chín mươi"))), HttpStatusCode.BadRequest, "rows[1].value");
        Assert.That(problem["errors"]!["rows[1].value"]![0]!.GetValue<string>(), Does.Contain("Row 3, column value"));

        var invalid = await AssertProblem(await UploadAsync(Fill(xlsx, ("I2", 150))), HttpStatusCode.BadRequest, "rows[0].value");
        Assert.That(invalid["conflicts"]![0]!["row"]!.GetValue<int>(), Is.EqualTo(1));

        await AssertProblem(await UploadAsync(Encoding.UTF8.GetBytes("not a zip")), HttpStatusCode.BadRequest, "body");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task The_workspace_asking_in_Vietnamese_is_told_in_Vietnamese_what_is_wrong_with_its_upload()
    {
        var xlsx = await TemplateAsync($"unit={Province}&period=2025Q3");
        var notNumber = await AssertProblem(await UploadAsync(Fill(xlsx, ("I3", "chín mươi")), language: "vi"), HttpStatusCode.BadRequest, "rows[1].value");
        Assert.That(notNumber["title"]!.GetValue<string>(), Is.EqualTo("Không đọc được tệp xlsx; chưa có số liệu nào được nhập."));
        Assert.That(notNumber["errors"]!["rows[1].value"]![0]!.GetValue<string>(), Does.StartWith("Dòng 3, cột value: 'chín mươi' không phải là số; viết số dạng "));

        var invalid = await AssertProblem(await UploadAsync(Fill(xlsx, ("I2", 150)), language: "vi"), HttpStatusCode.BadRequest, "rows[0].value");
        Assert.That(invalid["conflicts"]![0]!["message"]!.GetValue<string>(), Does.EndWith("phải nằm trong khoảng 0 đến 100; giá trị nhập là 150."));

        var notXlsx = await AssertProblem(await UploadAsync(Encoding.UTF8.GetBytes("not a zip"), language: "vi"), HttpStatusCode.BadRequest, "body");
        Assert.That(notXlsx["errors"]!["body"]![0]!.GetValue<string>(), Does.StartWith("Tệp không phải là sổ tính xlsx: "));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [TestCase("period=2025Q3", "unit")]
    [TestCase("unit=51@2025-07-01", "period")]
    [TestCase("unit=51@2025-07-01&period=2025Q5", "period")]
    [TestCase("unit=60&period=2025Q3", "unit")] // Bình Thuận ended on 2025-06-30
    public async Task A_template_needs_a_unit_that_exists_in_a_period(string query, string field) =>
        await AssertProblem(await Client().GetAsync(ApiRoutes.ImportTemplate + "?" + query), HttpStatusCode.BadRequest, field);
}

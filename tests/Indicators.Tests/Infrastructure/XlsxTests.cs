using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ExcelDataReader;
using Indicators.Api.Features.Admin;
using Indicators.Api.Features.Attainment;
using Indicators.Api.Features.Attainment.GetSeries;
using Indicators.Api.Features.Indicators;
using Indicators.Api.Features.Reports.GetCompliance;
using Indicators.Api.Features.Reports.GetGaps;
using Indicators.Api.Features.Submissions.ListSubmissions;
using Indicators.Api.Features.Agencies.ListAgencies;
using Indicators.Api.Features.Targets;
using Indicators.Api.Features.Tasks;
using Indicators.Api.Features.Tasks.GetOverdueTasks;
using Indicators.Api.Features.Units;
using Indicators.Api.Features.Values.ListValues;
using Indicators.Api.Features.Values.ValueAudit;
using Indicators.Api.Infrastructure;
using Indicators.Tests.Features.Imports;
using Indicators.Api.Reporting;

namespace Indicators.Tests.Infrastructure;

/// <summary>
/// xlsx exports read back with a spreadsheet reader: every cell has the JSON's value and a type a spreadsheet in any
/// locale keeps (numbers numeric, codes and periods text, dates as dates), with the indicator's decimals as the format.
/// </summary>
public sealed class XlsxTests : ApiTest
{
    private const string Province = "51@2025-07-01";

    /// <summary>Every list and report that answers files, with the type of its rows.</summary>
    private static readonly (string Url, Type Row)[] Lists =
    [
        (ApiRoutes.Indicators, typeof(IndicatorResponse)),
        (ApiRoutes.Units + "?level=province", typeof(UnitResponse)),
        (ApiRoutes.Targets, typeof(TargetResponse)),
        (ApiRoutes.TargetHistoryUrl(1), typeof(TargetRevisionResponse)),
        (ApiRoutes.Values + "?source=all", typeof(ValueResponse)),
        (ApiRoutes.ValueAudit, typeof(ValueAuditResponse)),
        (ApiRoutes.Attainment + "?year=2030", typeof(AttainmentRow)),
        (ApiRoutes.Gaps + "?year=2030", typeof(GapRow)),
        (ApiRoutes.ScorecardUrl("51@2025-07-01") + "?year=2030", typeof(AttainmentRow)),
        (ApiRoutes.Compliance + "?period=2025", typeof(ComplianceRow)),
        (ApiRoutes.Series + $"?indicator=DOCTORS_PER_10K&unit={Province}", typeof(SeriesPointResponse)),
        (ApiRoutes.Keys, typeof(KeyResponse)),
        (ApiRoutes.Tasks + "?on=2025-07-15", typeof(TaskResponse)),
        (ApiRoutes.OverdueTasks + "?on=2025-07-15", typeof(OverdueTasksRow)),
        (ApiRoutes.Agencies, typeof(AgencyResponse)),
        (ApiRoutes.Submissions, typeof(SubmissionListRow)),
    ];

    static XlsxTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private async Task SeedAsync()
    {
        var response = await Admin().ImportJson(new[]
        {
            ImportRequests.Row(Province, "2025Q3", "BHYT_COVERAGE", numerator: 1180000, denominator: 1250000),
            ImportRequests.Row("21025@2025-07-01", "2025Q3", "BHYT_COVERAGE", value: 93.5m, comment: "=1+1"),
            ImportRequests.Row("51", "2024", "DOCTORS_PER_10K", value: 10.9m),
            ImportRequests.Row("62", "2024", "DOCTORS_PER_10K", value: 9.8m),
            ImportRequests.Row("51", "2025", "DOCTORS_PER_10K", value: 11.42m),
            ImportRequests.Row("01", "2025", "DOCTORS_PER_10K", value: 21.3m),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [TestCaseSource(nameof(ListCases))]
    public async Task Every_list_as_xlsx_has_the_values_of_its_json_in_typed_cells(string url, Type row)
    {
        await SeedAsync();
        var json = await Json(await Admin().GetAsync(url));
        var items = (json["items"] ?? json["points"])!.AsArray();
        var response = await Admin().GetAsync(url + (url.Contains('?') ? "&" : "?") + "format=xlsx&lang=en");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(ListFile.XlsxContentType));
        var sheet = Sheet.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.That(sheet.Rows, Has.Count.EqualTo(items.Count), url);
        Assert.That(items, Is.Not.Empty, url);
        AssertCellsEqual(row, items, sheet);
    }

    private static IEnumerable<TestCaseData> ListCases() =>
        Lists.Select(l => new TestCaseData(l.Url, l.Row).SetName("xlsx of " + l.Url.Split('?')[0]));

    [Test]
    public async Task Values_in_an_indicators_unit_show_its_decimals_and_codes_keep_their_zeros()
    {
        await SeedAsync();
        var sheet = Sheet.Read(await Client().GetByteArrayAsync(ApiRoutes.Values + "?indicator=DOCTORS_PER_10K&format=xlsx&lang=en"));
        var value = sheet.Column("Value");
        var unit = sheet.Column("Unit");
        var hanoi = sheet.Rows.Single(r => (string)r[unit]! == "01");
        Assert.That(hanoi[value], Is.EqualTo(21.3d));
        var decimals = (await Json(await Client().GetAsync(ApiRoutes.IndicatorUrl("DOCTORS_PER_10K"))))["decimals"]!.GetValue<int>();
        Assert.That(sheet.Formats[value], Is.EqualTo("#,##0." + new string('0', decimals)), "the indicator's decimals");
        Assert.That(hanoi[sheet.Column("Period")], Is.EqualTo("2025"), "a period is text, not the number 2025");
        Assert.That(hanoi[sheet.Column("Period end")], Is.EqualTo(new DateTime(2025, 12, 31)));

        var units = Sheet.Read(await Client().GetByteArrayAsync(ApiRoutes.Units + "?level=province&format=xlsx"));
        Assert.That(units.Headers[0], Is.EqualTo("Mã số"), "Vietnamese headers by default");
        Assert.That(units.Rows.Select(r => r[units.Column("Mã")]), Does.Contain("01"));
    }

    [Test]
    public async Task A_vietnamese_sheet_names_statuses_in_vietnamese_and_its_times_are_vietnam_time()
    {
        await SeedAsync();
        var json = (await Json(await Admin().GetAsync(ApiRoutes.Values + "?indicator=DOCTORS_PER_10K&unit=01")))["items"]![0]!;
        var sheet = Sheet.Read(await Admin().GetByteArrayAsync(ApiRoutes.Values + "?indicator=DOCTORS_PER_10K&unit=01&format=xlsx"));
        var row = sheet.Rows.Single();
        Assert.That(json["status"]!.GetValue<string>(), Is.EqualTo("submitted"), "JSON keeps the code");
        Assert.That(row[sheet.Column("Trạng thái báo cáo")], Is.EqualTo("Đã gửi"));
        var updatedAt = DateTimeOffset.Parse(json["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.That(row[sheet.Column("Cập nhật lúc (giờ Việt Nam)")], Is.EqualTo(updatedAt.ToOffset(TimeSpan.FromHours(7)).DateTime).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(row[sheet.Column("Tên kỳ")], Is.EqualTo("Năm 2025"));
    }

    [Test]
    public async Task A_sheet_has_a_frozen_bold_header_row()
    {
        var bytes = await Client().GetByteArrayAsync(ApiRoutes.Indicators + "?format=xlsx");
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var entry = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        var xml = await reader.ReadToEndAsync();
        Assert.That(xml, Does.Contain("ySplit=\"1\"").And.Contain("state=\"frozen\""));
    }

    [TestCase(ApiRoutes.Attainment + "?year=2030&format=xlsx", "attainment-2030.xlsx")]
    [TestCase(ApiRoutes.Attainment + "?year=2030&format=csv", "attainment-2030.csv")]
    [TestCase(ApiRoutes.Values + "?unit=51@2025-07-01&format=csv", "values-51-2025-07-01.csv")]
    [TestCase(ApiRoutes.Compliance + "?period=2025Q3&format=xlsx", "compliance-2025Q3-province.xlsx")]
    [TestCase(ApiRoutes.Indicators + "?format=xlsx", "indicators.xlsx")]
    public async Task Files_are_attachments_with_a_meaningful_name(string url, string name)
    {
        var response = await Client().GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(response.Content.Headers.ContentDisposition?.FileName, Is.EqualTo(name));
    }

    [Test]
    public async Task Csv_keeps_its_columns_whatever_the_language()
    {
        var csv = await Client().GetStringAsync(ApiRoutes.Indicators + "?format=csv&lang=vi");
        Assert.That(csv.TrimStart('\uFEFF'), Does.StartWith("code,nameVi,nameEn,unit,factor,"));
    }

    [Test]
    public async Task Accept_asks_for_xlsx_too()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.Indicators);
        request.Headers.Accept.ParseAdd(ListFile.XlsxContentType);
        var response = await Client().SendAsync(request);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(ListFile.XlsxContentType));
    }

    [Test]
    public void Every_column_has_headers_in_Vietnamese_and_English_in_NFC()
    {
        foreach (var type in Lists.Select(l => l.Row).Distinct())
        {
            foreach (var (name, _) in RowColumns.Of(type))
            {
                var vi = ColumnHeaders.Of(type, name, HeaderLanguage.Vietnamese);
                var en = ColumnHeaders.Of(type, name, HeaderLanguage.English);
                Assert.That(vi, Is.Not.EqualTo(name), $"{type.Name}.{name} has no Vietnamese header");
                Assert.That(en, Is.Not.EqualTo(name), $"{type.Name}.{name} has no English header");
                Assert.That(vi.IsNormalized(NormalizationForm.FormC), Is.True, vi);
            }
        }
    }

    /// <summary>Each JSON field equals its cell: numbers as numbers, dates as dates, everything else as text.</summary>
    private static void AssertCellsEqual(Type row, JsonArray items, Sheet sheet)
    {
        for (var r = 0; r < items.Count; r++)
        {
            foreach (var (name, field) in items[r]!.AsObject())
            {
                var cell = sheet.Rows[r][sheet.Column(ColumnHeaders.Of(row, name, HeaderLanguage.English))];
                var where = $"row {r + 1}, {name}";
                switch (field?.GetValueKind())
                {
                    case null or System.Text.Json.JsonValueKind.Null:
                        Assert.That(cell, Is.Null, where);
                        break;
                    case System.Text.Json.JsonValueKind.Number:
                        Assert.That(cell, Is.EqualTo((double)field.GetValue<decimal>()), where);
                        break;
                    case System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                        Assert.That(cell, Is.EqualTo(field.GetValue<bool>()), where);
                        break;
                    case System.Text.Json.JsonValueKind.Array:
                        Assert.That(cell ?? "", Is.EqualTo(string.Join(';', field.AsArray().Select(e => e!.ToString()))), where);
                        break;
                    default:
                        var text = field.GetValue<string>();
                        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date)) Assert.That(cell, Is.EqualTo(date.ToDateTime(TimeOnly.MinValue)), where);
                        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && text.Contains('T'))
                            Assert.That(cell, Is.EqualTo(at.UtcDateTime.AddHours(7)).Within(TimeSpan.FromMilliseconds(1)), where + " in Vietnam time");
                        else Assert.That(cell, Is.EqualTo(text), where);
                        break;
                }
            }
        }
    }

    /// <summary>The first sheet of a workbook: headers, rows of values as the reader types them, and number formats of the first row.</summary>
    private sealed record Sheet(IReadOnlyList<string> Headers, IReadOnlyList<object?[]> Rows, IReadOnlyList<string?> Formats)
    {
        public int Column(string header)
        {
            var i = Headers.ToList().IndexOf(header);
            Assert.That(i, Is.GreaterThanOrEqualTo(0), $"no column '{header}' in {string.Join(", ", Headers)}");
            return i;
        }

        public static Sheet Read(byte[] bytes)
        {
            using var reader = ExcelReaderFactory.CreateReader(new MemoryStream(bytes));
            Assert.That(reader.Read(), Is.True, "no header row");
            var headers = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i)).ToList();
            var rows = new List<object?[]>();
            List<string?>? formats = null;
            while (reader.Read())
            {
                rows.Add(Enumerable.Range(0, headers.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
                formats ??= Enumerable.Range(0, headers.Count).Select(i => (string?)reader.GetNumberFormatString(i)).ToList();
            }
            return new Sheet(headers, rows, formats ?? []);
        }
    }
}

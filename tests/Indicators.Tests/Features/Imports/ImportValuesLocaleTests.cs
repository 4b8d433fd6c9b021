using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Indicators.Api.Storage;
using Indicators.Api.Writing;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Features.Imports;

/// <summary>CSV files as Excel saves them with Vietnamese regional settings.</summary>
public sealed class ImportValuesLocaleTests : ApiTest
{
    private const string Province = "51@2025-07-01";
    private const string ViHeader = "unit;period;indicator;value;numerator;denominator;comment";

    private static ByteArrayContent Body(byte[] bytes, string? charset = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = charset };
        return content;
    }

    private Task<HttpResponseMessage> PostAsync(byte[] bytes, string query = "") => Admin().PostAsync(ApiRoutes.Imports + query, Body(bytes));

    [Test]
    public async Task A_vietnamese_excel_csv_with_semicolons_decimal_commas_and_thousands_dots_is_read_as_vi()
    {
        var csv = $"{ViHeader}\r\n{Province};2025Q3;BHYT_COVERAGE;;1.180.000;1.250.000;\r\n51;2025;DOCTORS_PER_10K;11,42;;;Sở Y tế\r\n";
        var response = await PostAsync([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)]);
        var body = await Json(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["imported"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That((body["file"]!["format"]!.GetValue<string>(), body["file"]!["locale"]!.GetValue<string>(), body["file"]!["delimiter"]!.GetValue<string>(),
            body["file"]!["encoding"]!.GetValue<string>()), Is.EqualTo(("csv", "vi", ";", "utf-8")));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'BHYT_COVERAGE' AND ABS(value - 94.4) < 0.000001 AND ABS(denominator - 1250000) < 0.5"), Is.EqualTo(1));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'DOCTORS_PER_10K' AND ABS(value - 11.42) < 0.000001"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_windows_1258_csv_is_read_and_its_text_stored_composed()
    {
        const string comment = "Số liệu của Phường Cẩm Thành";
        var csv = $"{ViHeader}\r\n{Province};2025Q3;BHYT_COVERAGE;93,5;;;{comment}\r\n";
        // Windows-1258 writes tone marks as combining characters: the bytes hold decomposed text.
        var bytes = Writing.CsvDialectTests.ToWindows1258(csv);
        Assert.That(CsvDialect.Windows1258.GetString(bytes).IsNormalized(NormalizationForm.FormC), Is.False);
        var response = await PostAsync(bytes);
        var body = await Json(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
        Assert.That(body["file"]!["encoding"]!.GetValue<string>(), Is.EqualTo("windows-1258"));
        await using var connection = await Service<Database>().OpenAsync(CancellationToken.None);
        var stored = await connection.QuerySingleAsync<string>("SELECT comment FROM data_values WHERE indicator_code = 'BHYT_COVERAGE'");
        Assert.That(stored, Is.EqualTo(comment.Normalize(NormalizationForm.FormC)));
    }

    [Test]
    public async Task The_declared_locale_decides_an_ambiguous_number()
    {
        var csv = Encoding.UTF8.GetBytes($"{ViHeader}\r\n{Province};2025;POPULATION;1.234;;;\r\n");
        var asVi = await Json(await PostAsync(csv, "?dryRun=true&locale=vi"));
        Assert.That(asVi["file"]!["locale"]!.GetValue<string>(), Is.EqualTo("vi"));
        Assert.That(asVi["imported"]!.GetValue<int>(), Is.EqualTo(1));

        var asEn = await Json(await PostAsync(csv, "?locale=en"));
        Assert.That(asEn["file"]!["locale"]!.GetValue<string>(), Is.EqualTo("en"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values WHERE indicator_code = 'POPULATION' AND ABS(value - 1.234) < 0.000001"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_number_that_cannot_be_read_names_its_row_and_column()
    {
        var csv = Encoding.UTF8.GetBytes($"{ViHeader}\r\n{Province};2025Q3;BHYT_COVERAGE;97,2;;;\r\n{Province};2025Q2;BHYT_COVERAGE;97.2;;;\r\n");
        var problem = await AssertProblem(await PostAsync(csv), HttpStatusCode.BadRequest, "rows[1].value");
        Assert.That(problem["errors"]!["rows[1].value"]![0]!.GetValue<string>(), Does.Contain("Row 2, column value").And.Contain("1.234,5"));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM data_values"), Is.Zero);
    }

    [Test]
    public async Task An_unknown_locale_or_charset_is_refused()
    {
        var csv = Encoding.UTF8.GetBytes($"{ViHeader}\r\n");
        await AssertProblem(await PostAsync(csv, "?locale=fr"), HttpStatusCode.BadRequest, "locale");
        var latin = await Admin().PostAsync(ApiRoutes.Imports, Body(csv, "iso-8859-1"));
        Assert.That(latin.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }
}

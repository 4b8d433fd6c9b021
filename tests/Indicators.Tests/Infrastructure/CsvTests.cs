using System.Text;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Infrastructure;

/// <summary>CSV output is safe to open in Excel: text that would run as a formula is neutralised, numbers are not.</summary>
public sealed class CsvTests
{
    [TestCase("=1+1", "'=1+1")]
    [TestCase("+84 912 345 678", "'+84 912 345 678")]
    [TestCase("-5", "'-5")]
    [TestCase("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [TestCase("\t=cmd", "'\t=cmd")]
    [TestCase("\r=cmd", "\"'\r=cmd\"")]
    [TestCase("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [TestCase("=1,2", "\"'=1,2\"")]
    public void Text_that_Excel_would_run_is_prefixed_with_an_apostrophe(string text, string expected) =>
        Assert.That(Csv.Cell(text), Is.EqualTo(expected));

    [TestCase("Quảng Ngãi", "Quảng Ngãi")]
    [TestCase("a=b", "a=b")]
    [TestCase("Sở Y tế, thống kê", "\"Sở Y tế, thống kê\"")]
    [TestCase("nói \"không\"", "\"nói \"\"không\"\"\"")]
    [TestCase("", "")]
    public void Other_text_is_written_as_it_is_and_quoted_when_needed(string text, string expected) =>
        Assert.That(Csv.Cell(text), Is.EqualTo(expected));

    [Test]
    public void Negative_numbers_are_not_touched()
    {
        Assert.That(Csv.Cell(-5), Is.EqualTo("-5"));
        Assert.That(Csv.Cell(-5L), Is.EqualTo("-5"));
        Assert.That(Csv.Cell(-5.25m), Is.EqualTo("-5.25"));
        Assert.That(Csv.Cell(-0.5d), Is.EqualTo("-0.5"));
        Assert.That(Csv.Cell((decimal?)-12.5m), Is.EqualTo("-12.5"));
    }

    [Test]
    public void Lists_of_text_are_neutralised_as_one_cell() =>
        Assert.That(Csv.Cell(new[] { "=1", "b" }), Is.EqualTo("'=1;b"));

    private sealed record Row(string Unit, decimal Value, string? Comment);

    [Test]
    public async Task A_file_has_a_BOM_a_header_CRLF_lines_and_neutralised_text_cells()
    {
        using var stream = new MemoryStream();
        await Csv.WriteAsync(stream, [new Row("51", -5m, "=2+3"), new Row("01", 94.4m, null)]);
        var bytes = stream.ToArray();
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), Is.EqualTo("unit,value,comment\r\n51,-5,'=2+3\r\n01,94.4,\r\n"));
    }
}

using System.Text;
using Indicators.Api.Writing;

namespace Indicators.Tests.Writing;

public class CsvDialectTests
{
    private const string Header = "unit,period,indicator,value,numerator,denominator,comment";

    [TestCase("utf8-bom", ",", null, "utf-8", ',', NumberLocale.En)]
    [TestCase("utf8-bom", ";", null, "utf-8", ';', NumberLocale.Vi)]
    [TestCase("utf8", ";", null, "utf-8", ';', NumberLocale.Vi)]
    [TestCase("utf8", ",", null, "utf-8", ',', NumberLocale.En)]
    [TestCase("windows-1258", ";", null, "windows-1258", ';', NumberLocale.Vi)]
    [TestCase("windows-1258", ",", null, "windows-1258", ',', NumberLocale.En)]
    [TestCase("utf8", ";", NumberLocale.En, "utf-8", ';', NumberLocale.En)] // the declared locale wins
    [TestCase("utf8", ",", NumberLocale.Vi, "utf-8", ',', NumberLocale.Vi)]
    public void Detect_reads_the_encoding_separator_and_locale(string encoding, string delimiter, NumberLocale? declared,
        string expectedEncoding, char expectedDelimiter, NumberLocale expectedLocale)
    {
        var text = Header.Replace(",", delimiter, StringComparison.Ordinal) + "\r\n01;2025;BHYT_COVERAGE;97,2;;;Phường Đông Hải\r\n";
        byte[] bytes = encoding switch
        {
            "utf8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "utf8" => Encoding.UTF8.GetBytes(text),
            _ => ToWindows1258(text),
        };

        var dialect = CsvDialect.Detect(bytes, declared);

        Assert.That((dialect.EncodingName, dialect.Delimiter, dialect.Locale), Is.EqualTo((expectedEncoding, expectedDelimiter, expectedLocale)));
    }

    [Test]
    public void A_character_cut_at_the_end_of_the_head_is_still_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "\nĐ");
        Assert.That(CsvDialect.Detect(bytes.AsSpan(0, bytes.Length - 1)).EncodingName, Is.EqualTo("utf-8"));
    }

    [Test]
    public void A_declared_charset_wins_over_detection()
    {
        var bytes = Encoding.UTF8.GetBytes(Header);
        Assert.That(CsvDialect.Detect(bytes, encoding: CsvDialect.Windows1258).EncodingName, Is.EqualTo("windows-1258"));
    }

    /// <summary>
    /// Text as Windows saves it in code page 1258: letters such as ơ, ư, â and đ are single bytes, the five tone marks
    /// are combining characters after them.
    /// </summary>
    public static byte[] ToWindows1258(string text)
    {
        var composed = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var parts = c.ToString().Normalize(NormalizationForm.FormD);
            var tone = parts.LastOrDefault(p => "\u0300\u0301\u0303\u0309\u0323".Contains(p, StringComparison.Ordinal));
            composed.Append(tone == default ? c.ToString() : parts.Replace(tone.ToString(), "", StringComparison.Ordinal).Normalize(NormalizationForm.FormC) + tone);
        }
        return CsvDialect.Windows1258.GetBytes(composed.ToString());
    }

    [Test]
    public void Windows_1258_text_decodes_to_the_same_words()
    {
        var bytes = ToWindows1258("Quảng Ngãi, Phường Đông Hải");
        Assert.That(CsvDialect.Windows1258.GetString(bytes).Normalize(NormalizationForm.FormC), Is.EqualTo("Quảng Ngãi, Phường Đông Hải"));
    }

    [TestCase(NumberLocale.Vi, "97,2", "97.2")]
    [TestCase(NumberLocale.Vi, "1.234.567", "1234567")]
    [TestCase(NumberLocale.Vi, "1.234", "1234")] // ambiguous: follows the locale
    [TestCase(NumberLocale.Vi, "1.234.567,89", "1234567.89")]
    [TestCase(NumberLocale.Vi, "-0,5", "-0.5")]
    [TestCase(NumberLocale.Vi, " 12 ", "12")]
    [TestCase(NumberLocale.Vi, "1234567", "1234567")]
    [TestCase(NumberLocale.En, "97.2", "97.2")]
    [TestCase(NumberLocale.En, "1.234", "1.234")] // ambiguous: follows the locale
    [TestCase(NumberLocale.En, "1e3", "1000")]
    [TestCase(NumberLocale.En, "-0.5", "-0.5")]
    public void Numbers_are_read_in_the_locale(NumberLocale locale, string text, string expected)
    {
        var dialect = new CsvDialect(CsvDialect.Utf8, ';', locale);
        Assert.That(dialect.TryReadNumber(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase(NumberLocale.Vi, "97.2")] // a dot that does not group thousands
    [TestCase(NumberLocale.Vi, "1.23.456")]
    [TestCase(NumberLocale.Vi, "1,234,567")]
    [TestCase(NumberLocale.Vi, "12,")]
    [TestCase(NumberLocale.Vi, "abc")]
    [TestCase(NumberLocale.Vi, "")]
    [TestCase(NumberLocale.En, "97,2")]
    [TestCase(NumberLocale.En, "1,234,567")]
    [TestCase(NumberLocale.En, "1.234,5")]
    public void Numbers_not_in_the_locale_are_not_guessed(NumberLocale locale, string text) =>
        Assert.That(new CsvDialect(CsvDialect.Utf8, ';', locale).TryReadNumber(text, out _), Is.False);

    [TestCase("vi", NumberLocale.Vi)]
    [TestCase("VI", NumberLocale.Vi)]
    [TestCase("en", NumberLocale.En)]
    [TestCase("fr", null)]
    [TestCase(null, null)]
    public void ParseLocale_knows_en_and_vi(string? text, NumberLocale? expected) => Assert.That(CsvDialect.ParseLocale(text), Is.EqualTo(expected));

    [TestCase("utf-8", "utf-8")]
    [TestCase("UTF-8", "utf-8")]
    [TestCase("windows-1258", "windows-1258")]
    [TestCase("latin1", null)]
    public void ParseCharset_knows_utf8_and_windows_1258(string charset, string? expected) =>
        Assert.That(CsvDialect.ParseCharset(charset) is { } e ? new CsvDialect(e, ',', NumberLocale.En).EncodingName : null, Is.EqualTo(expected));
}

using Indicators.Api.Domain;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Indicators.Api.Writing;

/// <summary>How the numbers of a file are written: <c>en</c> 1234.5 (no thousands separators), <c>vi</c> 1.234,5.</summary>
public enum NumberLocale { En, Vi }

/// <summary>
/// How a CSV file was saved: its encoding, field separator and number format. Excel with Vietnamese regional settings
/// saves "CSV UTF-8" (with a byte order mark) or "CSV" in the Windows-1258 code page, separates fields with <c>;</c>
/// (the comma is its decimal separator) and writes <c>97,2</c> and <c>1.234.567</c>.
/// </summary>
public sealed partial record CsvDialect(Encoding Encoding, char Delimiter, NumberLocale Locale)
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 64 * 1024;

    // The preamble lets StreamReader drop one leading BOM; invalid bytes throw instead of becoming U+FFFD.
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>Windows-1258, the Vietnamese code page of Windows; it writes tone marks as combining characters.</summary>
    public static readonly Encoding Windows1258 =
        CodePagesEncodingProvider.Instance.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    /// <summary>The locale's name in requests and summaries: <c>en</c> or <c>vi</c>.</summary>
    public string LocaleName => Locale == NumberLocale.Vi ? "vi" : "en";

    /// <summary>The encoding's name: <c>utf-8</c> or <c>windows-1258</c>.</summary>
    public string EncodingName => Encoding.CodePage == 1258 ? "windows-1258" : "utf-8";

    /// <summary>Reads <c>en</c> or <c>vi</c> (case-insensitive); null for anything else.</summary>
    public static NumberLocale? ParseLocale(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "en" => NumberLocale.En,
        "vi" => NumberLocale.Vi,
        _ => null,
    };

    /// <summary>The encoding a <c>charset</c> parameter names, if it is one this service reads.</summary>
    public static Encoding? ParseCharset(string? charset) => charset?.Trim('"', ' ').ToLowerInvariant() switch
    {
        "utf-8" or "utf8" => Utf8,
        "windows-1258" or "cp1258" => Windows1258,
        _ => null,
    };

    /// <summary>
    /// The dialect of a file from its first bytes: the declared encoding, else UTF-8 when there is a byte order mark or
    /// the bytes are valid UTF-8, else Windows-1258; <c>;</c> when the first line has more semicolons than commas, else
    /// <c>,</c>; the declared locale, else <c>vi</c> with <c>;</c> and <c>en</c> with <c>,</c>.
    /// </summary>
    public static CsvDialect Detect(ReadOnlySpan<byte> head, NumberLocale? locale = null, Encoding? encoding = null)
    {
        encoding ??= head.StartsWith("\uFEFF"u8) || IsUtf8(head) ? Utf8 : Windows1258;
        var firstLine = head.IndexOfAny((byte)'\r', (byte)'\n') is var end and >= 0 ? head[..end] : head;
        var delimiter = firstLine.Count((byte)';') > firstLine.Count((byte)',') ? ';' : ',';
        return new CsvDialect(encoding, delimiter, locale ?? (delimiter == ';' ? NumberLocale.Vi : NumberLocale.En));
    }

    /// <summary>Whether the bytes are UTF-8, allowing a character cut at the end of the head.</summary>
    private static bool IsUtf8(ReadOnlySpan<byte> head)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(head.Length, 1));
        try
        {
            return System.Text.Unicode.Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false) != OperationStatus.InvalidData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private const NumberStyles EnNumber = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
        | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>
    /// Reads a number in the dialect's locale. <c>vi</c>: a decimal comma and dots between groups of three digits
    /// (<c>1.234.567,5</c>), so <c>1.234</c> is one thousand two hundred and thirty-four; <c>en</c>: a decimal point and
    /// no thousands separators. Anything else is not read rather than guessed.
    /// </summary>
    public bool TryReadNumber(string text, out decimal value)
    {
        if (Locale == NumberLocale.En) return decimal.TryParse(text, EnNumber, CultureInfo.InvariantCulture, out value);
        value = 0;
        var trimmed = text.Trim();
        if (!ViNumber().IsMatch(trimmed)) return false;
        return decimal.TryParse(trimmed.Replace(".", "", StringComparison.Ordinal).Replace(',', '.'),
            NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>How numbers must be written in this locale, for error messages (in the request's language).</summary>
    public string NumberHint => Locale == NumberLocale.Vi
        ? MessageLanguage.Pick("write numbers like 1.234,5 (locale vi: decimal comma, dots between thousands)",
            "viết số dạng 1.234,5 (locale vi: dấu phẩy thập phân, dấu chấm ngăn cách hàng nghìn)")
        : MessageLanguage.Pick("write numbers like 1234.5, without thousands separators (locale en)",
            "viết số dạng 1234.5, không có dấu ngăn cách hàng nghìn (locale en)");

    [GeneratedRegex(@"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ViNumber();
}

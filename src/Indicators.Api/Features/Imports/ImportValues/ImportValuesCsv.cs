using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Indicators.Api.Domain;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Imports.ImportValues;

/// <summary>
/// Reads the CSV form of an import in its <see cref="CsvDialect"/>: UTF-8 (a byte order mark only at the very start) or
/// Windows-1258, RFC 4180 with <c>,</c> or <c>;</c> between fields, exactly the header
/// <c>unit,period,indicator,value,numerator,denominator,comment</c>, numbers as the dialect's locale writes them.
/// Columns named by category codes may follow (<c>sex</c>, <c>ageGroup</c>, <c>area</c>, <c>ethnicity</c>): a row's
/// option codes there give its disaggregation, empty cells leave it out of that category (all empty: the total).
/// Anything else is a format error naming the row and column, and the whole request is refused: a file that does
/// not parse is not half-imported.
/// </summary>
public static class ImportValuesCsv
{
    public const string ContentType = "text/csv";

    public static readonly string[] Header = ["unit", "period", "indicator", "value", "numerator", "denominator", "comment"];

    /// <summary>Reading stops after this many format errors; the file is refused anyway.</summary>
    private const int MaxErrors = 100;

    /// <summary>Category codes a refused header names as examples of what may follow the columns.</summary>
    private static readonly string[] ExampleCategories = ["sex", "ageGroup", "area", "ethnicity"];

    /// <returns>The rows, or the format errors keyed <c>header</c>, <c>body</c>, <c>rows[i]</c> or <c>rows[i].column</c> (i = row − 1).</returns>
    public static async Task<(List<ValueInput> Rows, Dictionary<string, string[]> Errors)> ReadAsync(Stream body, CsvDialect dialect, CancellationToken ct)
    {
        var rows = new List<ValueInput>();
        var errors = new Dictionary<string, List<string>>();
        void Error(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        string? badField = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            Delimiter = dialect.Delimiter.ToString(),
            // Unit ids, periods and indicator codes repeat on every row: one string each instead of one per row.
            CacheFields = true,
            BadDataFound = args => badField ??= args.Field,
        };
        using var reader = new StreamReader(body, dialect.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        using var parser = new CsvParser(reader, config);
        var row = 0;
        try
        {
            var expected = string.Join(dialect.Delimiter, Header);
            if (!await parser.ReadAsync())
            {
                Error("header", MessageLanguage.Pick($"The CSV is empty; its first line must be the header {expected}.",
                    $"Tệp CSV trống; dòng đầu phải là dòng tiêu đề {expected}."));
                return (rows, Done(errors));
            }
            var header = parser.Record ?? [];
            var categories = header.Length > Header.Length ? header[Header.Length..] : [];
            if (badField is not null || !header.Take(Header.Length).SequenceEqual(Header, StringComparer.Ordinal)
                || !categories.All(Domain.Disaggregation.CategoryCode().IsMatch) || categories.Distinct(StringComparer.Ordinal).Count() != categories.Length)
            {
                var (codes, got) = (string.Join(dialect.Delimiter, ExampleCategories), Quote(parser.RawRecord.TrimEnd('\r', '\n')));
                Error("header", MessageLanguage.Pick($"The header must be exactly {expected}, optionally followed by category codes ({codes}); got {got}.",
                    $"Dòng tiêu đề phải đúng là {expected}, có thể thêm sau đó mã các nhóm phân tổ ({codes}); tệp có {got}."));
                return (rows, Done(errors));
            }
            while (errors.Count < MaxErrors && await parser.ReadAsync())
            {
                ct.ThrowIfCancellationRequested();
                var index = row;
                row++;
                // CsvHelper reports a bad field when the field is read, not when its row is: the whole row is read first,
                // field by field, which shares repeated texts where its Record would not.
                var record = new string[parser.Count];
                for (var i = 0; i < record.Length; i++) record[i] = parser[i];
                if (badField is not null)
                {
                    Error($"rows[{index}]", MessageLanguage.Pick(
                        $"Row {row}: {Quote(badField)} has a quote inside an unquoted field; put fields with quotes, commas or line breaks in double quotes and double the quotes inside.",
                        $"Dòng {row}: {Quote(badField)} có dấu nháy kép trong một trường không nằm trong nháy kép; hãy đặt trường có dấu nháy, dấu phân cách hoặc xuống dòng trong nháy kép và viết mỗi dấu nháy bên trong thành hai."));
                    badField = null;
                    continue;
                }
                if (record.Length != header.Length)
                {
                    var columns = string.Join(dialect.Delimiter, header);
                    Error($"rows[{index}]", MessageLanguage.Pick($"Row {row} has {record.Length} fields; every row needs {header.Length}: {columns}.",
                        $"Dòng {row} có {record.Length} trường; mỗi dòng cần {header.Length}: {columns}."));
                    continue;
                }
                var fields = new string?[Header.Length];
                for (var i = 0; i < Header.Length; i++)
                {
                    var text = record[i];
                    if (text.Contains('\uFEFF', StringComparison.Ordinal))
                    {
                        Error($"rows[{index}].{Header[i]}", MessageLanguage.Pick(
                            $"Row {row}, column {Header[i]}: a byte order mark (U+FEFF) is allowed only at the start of the file; were two files joined?",
                            $"Dòng {row}, cột {Header[i]}: dấu thứ tự byte (BOM, U+FEFF) chỉ được có ở đầu tệp; có phải hai tệp đã bị nối vào nhau?"));
                    }
                    // Windows-1258 writes tone marks as combining characters; text is stored composed (NFC).
                    fields[i] = text.Length == 0 ? null : Domain.TextFold.Nfc(text);
                }
                var numbers = new decimal?[3];
                for (var i = 0; i < 3; i++)
                {
                    var text = fields[3 + i];
                    if (text is null) continue;
                    if (dialect.TryReadNumber(text, out var n)) numbers[i] = n;
                    else
                    {
                        Error($"rows[{index}].{Header[3 + i]}", MessageLanguage.Pick($"Row {row}, column {Header[3 + i]}: {Quote(text)} is not a number; {dialect.NumberHint}.",
                            $"Dòng {row}, cột {Header[3 + i]}: {Quote(text)} không phải là số; {dialect.NumberHint}."));
                    }
                }
                rows.Add(new ValueInput(fields[0], fields[1], fields[2], numbers[0], numbers[1], numbers[2], fields[6], Disaggregation(categories, record)));
            }
        }
        catch (DecoderFallbackException)
        {
            Error("body", MessageLanguage.Pick($"The CSV is not valid {dialect.EncodingName} (after data row {row}); save it as \"CSV UTF-8\".",
                $"Tệp CSV không phải là {dialect.EncodingName} hợp lệ (sau dòng dữ liệu {row}); hãy lưu tệp dạng \"CSV UTF-8\"."));
        }
        return (rows, Done(errors));
    }

    /// <summary>The category columns of a row that have an option; null when none has (the total).</summary>
    private static Dictionary<string, string?>? Disaggregation(string[] categories, string[] record)
    {
        Dictionary<string, string?>? pairs = null;
        for (var i = 0; i < categories.Length; i++)
        {
            var option = record[Header.Length + i];
            if (option.Length > 0) (pairs ??= new(StringComparer.Ordinal))[categories[i]] = option;
        }
        return pairs;
    }

    private static Dictionary<string, string[]> Done(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    private static string Quote(string text) => "'" + (text.Length <= 80 ? text : text[..80] + "…") + "'";
}

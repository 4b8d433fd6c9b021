using System.Globalization;
using Indicators.Api.Infrastructure;
using Indicators.Api.Domain;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Imports.ImportValues;

/// <summary>
/// Reads the xlsx form of an import, such as the template of <c>GET /imports/template</c> filled in: the first sheet,
/// a header row naming the columns <c>unit</c>, <c>period</c>, <c>indicator</c>, <c>value</c>, <c>numerator</c>,
/// <c>denominator</c>, <c>comment</c> (bare, or in parentheses after a label: <c>Giá trị (value)</c>; other columns are
/// for people and ignored), then one row per value. Rows with nothing in value, numerator, denominator and comment are
/// forms left blank and skipped. Number cells are exact; a number typed as text is read in the given locale.
/// </summary>
public static class ImportValuesXlsx
{
    private static readonly string[] Required = ["unit", "period", "indicator"];

    /// <returns>The rows, the sheet row of each, and the format errors keyed <c>header</c>, <c>body</c> or <c>rows[i].column</c> (i = sheet row − 2).</returns>
    public static (List<ValueInput> Rows, List<int> SheetRows, Dictionary<string, string[]> Errors) Read(Stream seekable, CsvDialect text)
    {
        var rows = new List<ValueInput>();
        var sheetRows = new List<int>();
        var errors = new Dictionary<string, string[]>();
        IReadOnlyList<XlsxRow> sheet;
        try
        {
            sheet = XlsxReader.ReadFirstSheet(seekable);
        }
        catch (InvalidDataException e)
        {
            errors["body"] = [MessageLanguage.Pick($"The file is not an xlsx workbook: {e.Message}", $"Tệp không phải là sổ tính xlsx: {e.Message}")];
            return (rows, sheetRows, errors);
        }
        if (sheet.Count == 0)
        {
            errors["header"] = [MessageLanguage.Pick($"The sheet is empty; its first row must name the columns {string.Join(", ", ImportValuesCsv.Header)}.",
                $"Trang tính trống; dòng đầu phải ghi tên các cột {string.Join(", ", ImportValuesCsv.Header)}.")];
            return (rows, sheetRows, errors);
        }
        var columns = sheet[0].Cells.Where(c => !c.Value.IsNumber).ToDictionary(c => XlsxForm.KeyOf(c.Value.Text), c => c.Key, StringComparer.Ordinal);
        var missing = Required.Where(k => !columns.ContainsKey(k)).ToList();
        if (missing.Count > 0 || !columns.ContainsKey("value") && !columns.ContainsKey("numerator"))
        {
            var (named, absent) = (string.Join(", ", ImportValuesCsv.Header), string.Join(", ", missing.DefaultIfEmpty("value")));
            errors["header"] = [MessageLanguage.Pick($"The first row must name the columns {named}; missing: {absent}.", $"Dòng đầu phải ghi tên các cột {named}; còn thiếu: {absent}.")];
            return (rows, sheetRows, errors);
        }

        foreach (var row in sheet.Skip(1))
        {
            string? Text(string key) => columns.TryGetValue(key, out var c) && row.Cells.TryGetValue(c, out var v) && v.Text.Trim().Length > 0 ? v.Text.Trim() : null;
            decimal? Number(string key)
            {
                if (!columns.TryGetValue(key, out var c) || !row.Cells.TryGetValue(c, out var cell) || cell.Text.Trim().Length == 0) return null;
                if (cell.IsNumber && decimal.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return n;
                if (!cell.IsNumber && text.TryReadNumber(cell.Text, out n)) return n;
                errors[$"rows[{row.Number - 2}].{key}"] = [MessageLanguage.Pick($"Row {row.Number}, column {key}: '{cell.Text}' is not a number; {text.NumberHint}.",
                    $"Dòng {row.Number}, cột {key}: '{cell.Text}' không phải là số; {text.NumberHint}.")];
                return null;
            }
            var (value, numerator, denominator, comment) = (Number("value"), Number("numerator"), Number("denominator"), Text("comment"));
            if (value is null && numerator is null && denominator is null && comment is null) continue;
            rows.Add(new ValueInput(Text("unit"), Text("period"), Text("indicator"), value, numerator, denominator, comment?.Normalize(System.Text.NormalizationForm.FormC)));
            sheetRows.Add(row.Number);
        }
        return (rows, sheetRows, errors);
    }
}

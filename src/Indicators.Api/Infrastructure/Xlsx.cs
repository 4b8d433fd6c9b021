using System.Collections;
using System.Reflection;
using System.Text.Json;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// An xlsx sheet of flat rows for spreadsheets in any locale: numbers are numeric cells (so Vietnamese Excel's
/// decimal comma shows 0,556, not 556), values in an indicator's unit carry its decimals as the number format, codes,
/// periods and unit ids are text (01 keeps its zero), dates and timestamps are date cells (timestamps in Vietnam time,
/// UTC+7), statuses are named in Vietnamese in a Vietnamese file, and the header row is frozen. Text is never a formula
/// in xlsx, so it needs none of the CSV's apostrophes.
/// </summary>
public static class Xlsx
{
    private const string SheetName = "data";

    public static async Task WriteAsync<T>(Stream stream, IEnumerable<T> rows, ListFile file, IReadOnlyDictionary<string, int> indicatorDecimals, CancellationToken ct = default)
    {
        var columns = RowColumns.Of(typeof(T));
        await using var sheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: ct);
        await sheet.StartWorksheetAsync(SheetName, new WorksheetOptions { FrozenRows = 1 }, ct);
        var bold = sheet.AddStyle(new Style { Font = new Font { Bold = true } });
        await sheet.AddHeaderRowAsync(columns.Select(c => ColumnHeaders.Of(typeof(T), c.Name, file.Language)).ToArray(), bold, ct);

        var date = sheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd") });
        var timestamp = sheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd hh:mm:ss") });
        var styles = new Dictionary<int, StyleId>();
        StyleId WithDecimals(int decimals)
        {
            if (!styles.TryGetValue(decimals, out var style))
            {
                var format = decimals > 0 ? "#,##0." + new string('0', decimals) : "#,##0";
                styles[decimals] = style = sheet.AddStyle(new Style { Format = NumberFormat.Custom(format) });
            }
            return style;
        }

        var indicatorColumn = columns.FirstOrDefault(c => c.Name == "indicator" && c.Property.PropertyType == typeof(string)).Property;
        var inIndicatorUnit = columns.Select(c => c.Property.GetCustomAttribute<IndicatorDecimalsAttribute>() is not null).ToArray();
        var cells = new Cell[columns.Length];
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            int? decimals = indicatorColumn?.GetValue(row) is string code && indicatorDecimals.TryGetValue(code, out var d) ? d : file.Decimals;
            for (var i = 0; i < columns.Length; i++)
            {
                var value = columns[i].Property.GetValue(row);
                cells[i] = value switch
                {
                    decimal n when inIndicatorUnit[i] && decimals is { } places => new Cell(n, WithDecimals(places)),
                    Enum e when file.Language == HeaderLanguage.Vietnamese && StatusNames.Vi(e) is { } name => new Cell(name),
                    _ => Cell(value, date, timestamp),
                };
            }
            await sheet.AddRowAsync(cells, ct);
        }
        await sheet.FinishAsync(ct);
    }

    private static Cell Cell(object? value, StyleId date, StyleId timestamp) => value switch
    {
        null => new Cell(),
        string s => new Cell(s),
        bool b => new Cell(b),
        decimal n => new Cell(n),
        int n => new Cell(n),
        long n => new Cell(n),
        double n => new Cell(n),
        DateOnly d => new Cell(d.ToDateTime(TimeOnly.MinValue), date),
        DateTimeOffset t => new Cell(t.ToOffset(StatusNames.VietnamOffset).DateTime, timestamp),
        Enum e => new Cell(JsonNamingPolicy.CamelCase.ConvertName(e.ToString())),
        IEnumerable list => new Cell(string.Join(';', list.Cast<object?>())),
        _ => new Cell(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };
}

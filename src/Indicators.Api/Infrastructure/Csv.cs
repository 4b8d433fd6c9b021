using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// RFC 4180 CSV of flat rows, UTF-8 with a BOM so Excel shows Vietnamese right. Columns are the public
/// properties of the row type in camelCase; lists are joined with ';'. Text that Excel would read as a
/// formula (starting with = + - @, tab or CR) is prefixed with an apostrophe; numbers are written as they are.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static async Task WriteAsync<T>(Stream stream, IEnumerable<T> rows, CancellationToken ct = default)
    {
        var columns = RowColumns.Of(typeof(T));
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => Escape(c.Name, isText: true))));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Length; i++)
            {
                if (i > 0) await writer.WriteAsync(',');
                await writer.WriteAsync(Cell(columns[i].Property.GetValue(row)));
            }
            await writer.WriteLineAsync();
        }
        await writer.FlushAsync(ct);
    }

    internal static string Cell(object? value) => value switch
    {
        null => "",
        string s => Escape(s, isText: true),
        bool b => b ? "true" : "false",
        decimal or double or float or int or long or short => Escape(Convert.ToString(value, CultureInfo.InvariantCulture)!, isText: false),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        Enum e => JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        IEnumerable list => Escape(string.Join(';', list.Cast<object?>().Select(o => o?.ToString())), isText: true),
        _ => Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", isText: true),
    };

    private static string Escape(string text, bool isText)
    {
        if (isText && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}

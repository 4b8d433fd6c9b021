using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// RFC 4180 CSV of flat rows, UTF-8 with a BOM so Excel shows Vietnamese right. Columns are the public
/// properties of the row type in camelCase; lists are joined with ';'. Text that Excel would read as a
/// formula (starting with = + - @, tab or CR) is prefixed with an apostrophe; numbers are written as they are.
/// </summary>
public static class Csv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>True when the client asked for CSV: <c>format=csv</c> or <c>Accept: text/csv</c>.</summary>
    public static bool Requested(HttpContext context, string? format) =>
        string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
        || (format is null && context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase)));

    public static async Task WriteAsync<T>(Stream stream, IEnumerable<T> rows, CancellationToken ct = default)
    {
        var columns = Columns<T>.Properties;
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

    private static class Columns<T>
    {
        public static readonly (string Name, PropertyInfo Property)[] Properties = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p))
            .ToArray();
    }
}

/// <summary>A list answered as CSV; declares <c>text/csv</c> in the OpenAPI document.</summary>
public sealed class CsvResult<T>(IEnumerable<T> rows, string? nextCursor = null) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = Csv.ContentType;
        if (nextCursor is not null) httpContext.Response.Headers["X-Next-Cursor"] = nextCursor;
        await Csv.WriteAsync(httpContext.Response.Body, rows, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(CsvOutput.Instance);
}

/// <summary>Marks an endpoint whose 200 answer can also be CSV; the OpenAPI document adds <c>text/csv</c> to it.</summary>
public sealed class CsvOutput
{
    public static readonly CsvOutput Instance = new();
}

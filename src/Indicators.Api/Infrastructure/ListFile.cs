using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Indicators.Api.Infrastructure;

/// <summary>What a list answers: JSON (the default), CSV for scripts, or xlsx for spreadsheets.</summary>
public enum ListFormat { Json, Csv, Xlsx }

/// <summary>A request whose answer can be a file: every list and report.</summary>
public interface IFileFormatRequest
{
    /// <summary>json (default), csv or xlsx.</summary>
    string? Format { get; }

    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    string? Lang { get; }
}

public sealed class FileFormatValidator : AbstractValidator<IFileFormatRequest>
{
    public static readonly string[] Formats = ["json", "csv", "xlsx"];

    public static readonly string[] Languages = ["vi", "en"];

    /// <param name="extraFormats">Formats a list offers beyond JSON, CSV and xlsx.</param>
    public FileFormatValidator(params string[] extraFormats)
    {
        string[] formats = [.. Formats, .. extraFormats];
        RuleFor(r => r.Format).Must(f => f is null || formats.Contains(f))
            .WithMessage($"format must be {string.Join(", ", formats[..^1])} or {formats[^1]}.");
        RuleFor(r => r.Lang).Must(l => l is null || Languages.Contains(l)).WithMessage("lang must be vi or en.");
    }
}

/// <summary>
/// A list answered as a file (CSV or xlsx) and its download name. CSV keeps its columns for scripts; xlsx has typed
/// cells and headers in the asked language. Both are sent as attachments.
/// </summary>
/// <param name="Name">The file name without extension, e.g. <c>attainment-2030</c>.</param>
/// <param name="Decimals">The decimals of the values of rows without an indicator column (one indicator's series).</param>
public sealed record ListFile(ListFormat Format, HeaderLanguage Language, string Name, int? Decimals = null)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The file the client asked for by <c>format</c> (or, without it, by <c>Accept</c>); null for JSON.</summary>
    public static ListFile? For(HttpContext context, IFileFormatRequest request, string name)
    {
        var format = request.Format switch
        {
            "csv" => ListFormat.Csv,
            "xlsx" => ListFormat.Xlsx,
            null when Accepts(context, XlsxContentType) => ListFormat.Xlsx,
            null when Accepts(context, "text/csv") => ListFormat.Csv,
            _ => ListFormat.Json,
        };
        if (format == ListFormat.Json) return null;
        return new ListFile(format, request.Lang == "en" ? HeaderLanguage.English : HeaderLanguage.Vietnamese, name);
    }

    /// <summary>A file name safe in a header and on any file system: letters, digits, '.', '_' and '-'.</summary>
    public static string SafeName(params object?[] parts) =>
        string.Join('-', parts.Where(p => p is not null and not "")
            .Select(p => new string(Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)!
                .Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray())));

    public ListFileResult<T> Of<T>(IEnumerable<T> rows, string? nextCursor = null) => new(this, rows, nextCursor);

    private static bool Accepts(HttpContext context, string mediaType) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains(mediaType, StringComparison.OrdinalIgnoreCase));
}

public enum HeaderLanguage { Vietnamese, English }

/// <summary>A list written as CSV or xlsx; a CSV or xlsx page's next cursor is in the <c>X-Next-Cursor</c> header.</summary>
public sealed class ListFileResult<T>(ListFile file, IEnumerable<T> rows, string? nextCursor) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (nextCursor is not null) response.Headers["X-Next-Cursor"] = nextCursor;
        var extension = file.Format == ListFormat.Xlsx ? "xlsx" : "csv";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"{file.Name}.{extension}" }.ToString();
        if (file.Format == ListFormat.Csv)
        {
            response.ContentType = Csv.ContentType;
            await Csv.WriteAsync(response.Body, rows, httpContext.RequestAborted);
            return;
        }
        response.ContentType = ListFile.XlsxContentType;
        var decimals = await httpContext.RequestServices.GetRequiredService<IIndicatorDecimals>().GetAsync(httpContext.RequestAborted);
        // The workbook is made in memory first, so a failure while making it is an error answer, not a truncated file.
        using var buffer = new MemoryStream();
        await Xlsx.WriteAsync(buffer, rows, file, decimals, httpContext.RequestAborted);
        buffer.Position = 0;
        await buffer.CopyToAsync(response.Body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(CsvOutput.Instance);
}

/// <summary>Marks an endpoint whose 200 answer can also be a CSV or xlsx file; the OpenAPI document lists both.</summary>
public sealed class CsvOutput
{
    public static readonly CsvOutput Instance = new();
}

/// <summary>Marks a FHIR endpoint: its answers, errors included, are <c>application/fhir+json</c>.</summary>
public sealed class FhirOutput
{
    public static readonly FhirOutput Instance = new();
}

/// <summary>The decimals of each indicator, by code: the number format of its values in a spreadsheet.</summary>
public interface IIndicatorDecimals
{
    Task<IReadOnlyDictionary<string, int>> GetAsync(CancellationToken ct);
}

/// <summary>A number in the unit of the row's indicator: an xlsx cell shows it with the indicator's decimals.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IndicatorDecimalsAttribute : Attribute;

/// <summary>The columns of a row type: its public properties, in declaration order, named in camelCase.</summary>
public static class RowColumns
{
    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> Cache = new();

    public static (string Name, PropertyInfo Property)[] Of(Type type) => Cache.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p))
        .ToArray());
}

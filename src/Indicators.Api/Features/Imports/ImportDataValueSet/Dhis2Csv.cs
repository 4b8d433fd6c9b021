using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

/// <summary>
/// Reads DHIS2's CSV form of a data value set: UTF-8, RFC 4180, columns by position in DHIS2's order
/// (<see cref="Columns"/>); trailing columns may be left out, the first row is a header unless told otherwise.
/// A file that does not parse is refused whole, naming the row.
/// </summary>
public static class Dhis2Csv
{
    public static readonly string[] ContentTypes = ["application/csv", "text/csv"];

    public static readonly string[] Columns =
        ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value", "storedby", "lastupdated", "comment", "followup", "deleted"];

    private const int MaxErrors = 100;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <returns>The set, or the format errors keyed <c>body</c> or <c>rows[i]</c> (i = 0-based data row).</returns>
    public static async Task<(DataValueSetRequest Set, Dictionary<string, string[]> Errors)> ReadAsync(Stream body, bool firstRowIsHeader, CancellationToken ct)
    {
        var values = new List<DataValueRequest?>();
        var errors = new Dictionary<string, string[]>();
        string? badField = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = false,
            CacheFields = true,
            BadDataFound = args => badField ??= args.Field,
        };
        using var reader = new StreamReader(body, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        using var parser = new CsvParser(reader, config);
        try
        {
            if (firstRowIsHeader) await parser.ReadAsync();
            badField = null;
            while (errors.Count < MaxErrors && await parser.ReadAsync())
            {
                ct.ThrowIfCancellationRequested();
                var key = $"rows[{values.Count}]";
                if (badField is not null)
                {
                    errors[key] = [$"Data row {values.Count + 1}: '{Shorten(badField)}' has a quote inside an unquoted field; put such fields in double quotes and double the quotes inside."];
                    badField = null;
                }
                else if (parser.Count > Columns.Length)
                {
                    errors[key] = [$"Data row {values.Count + 1} has {parser.Count} fields; DHIS2's CSV has at most {Columns.Length}: {string.Join(',', Columns)}."];
                }
                string? Field(int i) => i < parser.Count && parser[i].Length > 0 ? parser[i] : null;
                values.Add(new DataValueRequest
                {
                    DataElement = Field(0), Period = Field(1), OrgUnit = Field(2), CategoryOptionCombo = Field(3), AttributeOptionCombo = Field(4),
                    Value = Field(5), Comment = Field(8), Deleted = string.Equals(Field(10), "true", StringComparison.OrdinalIgnoreCase),
                });
            }
        }
        catch (DecoderFallbackException)
        {
            errors["body"] = [$"The CSV is not valid UTF-8 (after data row {values.Count}); save it as \"CSV UTF-8\"."];
        }
        return (new DataValueSetRequest { DataValues = values }, errors);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

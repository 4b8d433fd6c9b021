using Indicators.Api.Writing;
namespace Indicators.Api.Features.Imports.ImportValues;

/// <summary>
/// What an import did. When an atomic import is refused the same fields but the warnings come as extensions of the
/// 400 problem and the counts are 0: nothing was written.
/// </summary>
public sealed record ImportValuesResponse
{
    /// <summary>New values.</summary>
    public required int Imported { get; init; }
    /// <summary>Values that changed.</summary>
    public required int Updated { get; init; }
    /// <summary>Values equal to what was stored.</summary>
    public required int Unchanged { get; init; }
    /// <summary>Rows refused, each counted once.</summary>
    public required int Rejected { get; init; }
    public required IReadOnlyList<ImportValuesConflict> Conflicts { get; init; }
    /// <summary>Totals of <c>sum</c> indicators that differ from the sum of a complete disaggregation as the import leaves them; the values are kept.</summary>
    public required IReadOnlyList<ImportValuesWarning> Warnings { get; init; }
    /// <summary>How a file was read (null for JSON).</summary>
    public ImportFile? File { get; init; }

    /// <param name="dataRow">The 1-based data row of an input (its index + 1, unless blank sheet rows were skipped).</param>
    public static ImportValuesResponse From(ImportOutcome outcome, ImportFile? file, Func<int, int> dataRow) => new()
    {
        File = file,
        Imported = outcome.Result.Imported,
        Updated = outcome.Result.Updated,
        Unchanged = outcome.Result.Unchanged,
        Rejected = outcome.Rejected,
        Conflicts = outcome.Conflicts.Select(c => new ImportValuesConflict(dataRow(c.Index), c.Field, c.Message)).ToList(),
        Warnings = outcome.Warnings.Select(w => new ImportValuesWarning(dataRow(w.Index), w.Indicator, w.Unit, w.Period, w.Message)).ToList(),
    };
}

/// <summary>A warning on the values of one indicator, unit and period: <c>row</c> is the first data row of them in the import.</summary>
public sealed record ImportValuesWarning(int Row, string Indicator, string Unit, string Period, string Message);

/// <summary>A refused row: <c>row</c> is the 1-based data row (in a CSV file the line number − 1, in an xlsx sheet the row number − 1), <c>field</c> the column at fault.</summary>
public sealed record ImportValuesConflict(int Row, string Field, string Message);

/// <summary>
/// How the file was read: <c>format</c> csv or xlsx; for CSV the number <c>locale</c> (en: 1234.5, vi: 1.234,5), declared
/// with <c>locale=</c> or detected (vi with <c>;</c> between fields), the <c>delimiter</c> and the <c>encoding</c> (utf-8 or windows-1258).
/// </summary>
public sealed record ImportFile(string Format, string? Locale, string? Delimiter, string? Encoding);

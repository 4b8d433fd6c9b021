using System.Text.Json.Serialization;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

/// <summary>
/// DHIS2's web message (2.38 and later) around an import summary. As DHIS2 answers: SUCCESS is 200 with
/// <c>status</c> OK; WARNING (some values refused) and ERROR (nothing imported) are 409 with <c>status</c> WARNING or ERROR.
/// </summary>
public sealed record DataValueSetImportResponse
{
    /// <summary>OK or Conflict.</summary>
    public required string HttpStatus { get; init; }
    /// <summary>200 or 409, as the response's status.</summary>
    public required int HttpStatusCode { get; init; }
    /// <summary>OK, WARNING or ERROR.</summary>
    public required string Status { get; init; }
    public required string Message { get; init; }
    public required DataValueSetImportSummary Response { get; init; }
}

/// <summary>A DHIS2 import summary.</summary>
public sealed record DataValueSetImportSummary
{
    public string ResponseType => "ImportSummary";
    /// <summary>SUCCESS (no conflict), WARNING (some values refused) or ERROR (nothing could be imported).</summary>
    public required string Status { get; init; }
    public required DataValueSetImportOptions ImportOptions { get; init; }
    public required string Description { get; init; }
    public required DataValueSetImportCount ImportCount { get; init; }
    public required IReadOnlyList<DataValueSetConflict> Conflicts { get; init; }
    /// <summary>Totals of <c>sum</c> data elements that differ from the sum of a complete disaggregation as the import leaves them: the values are kept, so they are no conflicts.</summary>
    public required IReadOnlyList<DataValueSetWarning> Warnings { get; init; }
    /// <summary>The 0-based positions of the values counted as ignored other than unchanged ones: refused, skipped by the strategy, or deleted values that were not stored.</summary>
    public required IReadOnlyList<int> RejectedIndexes { get; init; }
    /// <summary>Always "false": completeDate is not used; values land as submitted.</summary>
    public string DataSetComplete => "false";
}

/// <summary>The options the import ran with, as DHIS2 echoes them.</summary>
public sealed record DataValueSetImportOptions(DataValueSetIdSchemes IdSchemes, bool DryRun, bool Async, string ImportStrategy, bool FirstRowIsHeader, bool SkipAudit);

/// <summary>The id schemes in force (UID or CODE; both mean this service's codes).</summary>
public sealed record DataValueSetIdSchemes(string IdScheme, string DataElementIdScheme, string OrgUnitIdScheme);

/// <summary>
/// DHIS2's counts. <c>ignored</c> counts every value not written: unchanged, skipped by the strategy (CREATE with an
/// existing value, UPDATE without one, a deletion of a value that is not stored) or refused (those are in <c>conflicts</c>).
/// </summary>
public sealed record DataValueSetImportCount(int Imported, int Updated, int Ignored, int Deleted);

/// <summary>
/// A refused data value, as DHIS2 reports it: <c>object</c> the identifier at fault and <c>objects</c> every identifier
/// involved keyed by DHIS2's type names, <c>value</c> the message, <c>property</c> the member at fault,
/// <c>errorCode</c> DHIS2's code, <c>indexes</c> the 0-based positions in the set.
/// </summary>
public sealed record DataValueSetConflict(
    [property: JsonPropertyName("object")] string Item,
    IReadOnlyDictionary<string, string> Objects,
    string Value,
    string? Property,
    string? ErrorCode,
    IReadOnlyList<int> Indexes);

/// <summary>A warning on the values of one data element, org unit and period; <c>index</c> is the 0-based position of the first of them in the set.</summary>
public sealed record DataValueSetWarning(string DataElement, string OrgUnit, string Period, string Value, int Index);

using System.Text.Json.Serialization;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

/// <summary>A DHIS2 import summary.</summary>
public sealed record DataValueSetImportResponse
{
    /// <summary>SUCCESS (no conflict), WARNING (some values refused) or ERROR (nothing could be imported; answered as a 409 problem whose <c>importStatus</c> is ERROR).</summary>
    public required string Status { get; init; }
    public required string Description { get; init; }
    public required DataValueSetImportCount ImportCount { get; init; }
    public required IReadOnlyList<DataValueSetConflict> Conflicts { get; init; }
}

/// <summary>
/// DHIS2's counts. <c>ignored</c> counts every value not written: unchanged, skipped by the strategy (CREATE with an
/// existing value, UPDATE or DELETE without one) or refused (those are in <c>conflicts</c>).
/// </summary>
public sealed record DataValueSetImportCount(int Imported, int Updated, int Ignored, int Deleted);

/// <summary>
/// A refused data value, as DHIS2 reports it: <c>object</c> is what was sent for the property at fault, <c>value</c>
/// the message, <c>errorCode</c> DHIS2's code (E7610 data element, E7611 period, E7612 org unit, E7617 org unit outside
/// the key's units, E7618 value missing, E7619 value not valid, E7620 comment, E7642 approved), <c>indexes</c> the
/// positions in <c>dataValues</c> (0-based).
/// </summary>
public sealed record DataValueSetConflict([property: JsonPropertyName("object")] string Item, string Value, string? Property, string? ErrorCode, IReadOnlyList<int> Indexes);

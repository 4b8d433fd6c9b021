using System.ComponentModel.DataAnnotations;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

/// <summary>
/// A DHIS2 data value set, as JSON, or read from ADX or DHIS2 CSV. The top-level <c>period</c>, <c>orgUnit</c> and
/// <c>attributeOptionCombo</c> apply to the data values that have none; <c>dataSet</c> and <c>completeDate</c> are
/// accepted and not used (values land as submitted). Other members are skipped, so an export of a DHIS2 instance can
/// be posted as it is.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record DataValueSetRequest
{
    public string? DataSet { get; init; }
    public string? CompleteDate { get; init; }
    public string? Period { get; init; }
    public string? OrgUnit { get; init; }
    public string? AttributeOptionCombo { get; init; }
    public IReadOnlyList<DataValueRequest?>? DataValues { get; init; }
}

/// <summary>
/// One DHIS2 data value: <c>dataElement</c> is an indicator code, <c>orgUnit</c> a unit id or bare code (resolved at
/// the end of the period), <c>value</c> a number as a string (DHIS2's way) or a JSON number, <c>deleted: true</c>
/// deletes the stored value. <c>categoryOptionCombo</c> and <c>attributeOptionCombo</c> are DHIS2's default
/// (<c>HllvX50cXC0</c> or <c>default</c>) for a total, or the code of a disaggregation (<c>sex:female</c>,
/// <c>ageGroup:under5;sex:male</c>); the options of both make the value's disaggregation. Other members (<c>storedBy</c>, <c>created</c>,
/// <c>lastUpdated</c>, <c>followup</c>…) are skipped.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record DataValueRequest
{
    public string? DataElement { get; init; }
    public string? Period { get; init; }
    public string? OrgUnit { get; init; }
    public string? CategoryOptionCombo { get; init; }
    public string? AttributeOptionCombo { get; init; }
    [JsonConverter(typeof(NumberTextConverter))]
    public string? Value { get; init; }
    public string? Comment { get; init; }
    public bool? Deleted { get; init; }

    /// <summary>ADX only: the parts of a ratio value.</summary>
    [JsonIgnore]
    public string? Numerator { get; init; }

    /// <summary>ADX only: the parts of a ratio value.</summary>
    [JsonIgnore]
    public string? Denominator { get; init; }
}

/// <summary>Reads a JSON string or number as its text: DHIS2 sends values as strings, other clients as numbers.</summary>
public sealed class NumberTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        _ => throw new JsonException("The value must be a number or a string holding one."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>The DHIS2 import strategies.</summary>
public enum ImportStrategy { CreateAndUpdate, Create, Update, Delete }

/// <summary>The query of <c>POST /dataValueSets</c>: DHIS2's import parameters.</summary>
[BoundFromQuery]
public sealed class DataValueSetQuery
{
    /// <summary>true: check and report, write nothing.</summary>
    public bool? DryRun { get; init; }

    /// <summary>
    /// CREATE_AND_UPDATE (default), CREATE (existing values are ignored), UPDATE (new values are ignored) or DELETE;
    /// DHIS2's older names NEW_AND_UPDATES, NEW, UPDATES and DELETES are taken too.
    /// </summary>
    [AllowedValues("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE", "NEW_AND_UPDATES", "NEW", "UPDATES", "DELETES")]
    public string? ImportStrategy { get; init; }

    /// <summary>UID or CODE (both mean this service's identifiers: indicator codes, unit ids or codes); also for data elements and org units alone.</summary>
    [AllowedValues("UID", "CODE")]
    public string? IdScheme { get; init; }

    /// <summary>UID or CODE: indicator codes.</summary>
    [AllowedValues("UID", "CODE")]
    public string? DataElementIdScheme { get; init; }

    /// <summary>UID or CODE: unit ids or bare codes.</summary>
    [AllowedValues("UID", "CODE")]
    public string? OrgUnitIdScheme { get; init; }

    /// <summary>true is answered synchronously: the summary says so.</summary>
    public bool? Async { get; init; }

    /// <summary>CSV bodies: whether the first row is a header (default true).</summary>
    public bool? FirstRowIsHeader { get; init; }

    /// <summary>The audit reason of corrections and deletions whose data value has no comment (not a DHIS2 parameter; the default is Dhis2:DefaultReason).</summary>
    public string? Reason { get; init; }

    public ImportStrategy ToStrategy() => ImportStrategy?.ToUpperInvariant() switch
    {
        "CREATE" or "NEW" => ImportDataValueSet.ImportStrategy.Create,
        "UPDATE" or "UPDATES" => ImportDataValueSet.ImportStrategy.Update,
        "DELETE" or "DELETES" => ImportDataValueSet.ImportStrategy.Delete,
        _ => ImportDataValueSet.ImportStrategy.CreateAndUpdate,
    };

    /// <summary>The strategy's DHIS2 name, as the summary's importOptions echo it.</summary>
    public static string NameOf(ImportStrategy strategy) => strategy switch
    {
        ImportDataValueSet.ImportStrategy.Create => "CREATE",
        ImportDataValueSet.ImportStrategy.Update => "UPDATE",
        ImportDataValueSet.ImportStrategy.Delete => "DELETE",
        _ => "CREATE_AND_UPDATE",
    };
}

public sealed class DataValueSetQueryValidator : Validator<DataValueSetQuery>
{
    private static readonly string[] Strategies = AllowedValueRules.Of<DataValueSetQuery>(nameof(DataValueSetQuery.ImportStrategy));

    /// <summary>Identifiers here are codes; DHIS2's UID and CODE schemes both name them.</summary>
    private static readonly string[] IdSchemes = AllowedValueRules.Of<DataValueSetQuery>(nameof(DataValueSetQuery.IdScheme));

    public DataValueSetQueryValidator()
    {
        RuleFor(q => q.ImportStrategy).Must(s => s is null || Strategies.Contains(s.ToUpperInvariant()))
            .WithMessage($"importStrategy must be one of {string.Join(", ", Strategies)}.");
        foreach (var scheme in new System.Linq.Expressions.Expression<Func<DataValueSetQuery, string?>>[] { q => q.IdScheme, q => q.DataElementIdScheme, q => q.OrgUnitIdScheme })
        {
            RuleFor(scheme).Must(s => s is null || IdSchemes.Contains(s.ToUpperInvariant()))
                .WithMessage("Identifiers are indicator codes and unit ids or codes: the id scheme must be UID or CODE (NAME and ATTRIBUTE are not supported).");
        }
        RuleFor(q => q.Reason).MaximumLength(ValueChecks.MaxCommentLength).Must(TextRules.IsPrintable).WithMessage("reason must not contain control characters.");
    }
}

/// <summary>The <c>Dhis2</c> configuration section.</summary>
public sealed class Dhis2Options
{
    public const string Section = "Dhis2";

    /// <summary>The audit reason of a DHIS2 correction or deletion without a comment; <c>{key}</c> is replaced by the key's name.</summary>
    public string DefaultReason { get; set; } = "DHIS2 import by {key}";
}

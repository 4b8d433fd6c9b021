using System.ComponentModel.DataAnnotations;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Features.Values;
using Indicators.Api.Infrastructure;

namespace Indicators.Api.Features.Imports.ImportDataValueSet;

/// <summary>
/// A DHIS2 data value set. Only <c>dataValues</c> is read; the other members DHIS2 sends (<c>dataSet</c>,
/// <c>completeDate</c>, <c>period</c>, <c>orgUnit</c>, <c>attributeOptionCombo</c>…) are skipped, so an export of
/// a DHIS2 instance can be posted as it is.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record DataValueSetRequest
{
    public IReadOnlyList<DataValueRequest?>? DataValues { get; init; }

    /// <summary>true: check and report, write nothing.</summary>
    [QueryParam]
    public bool? DryRun { get; init; }

    /// <summary>CREATE_AND_UPDATE (default), CREATE (existing values are ignored), UPDATE (new values are ignored) or DELETE.</summary>
    [QueryParam, AllowedValues("CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE")]
    public string? ImportStrategy { get; init; }

    /// <summary>The audit reason of corrections and deletions whose data value has no comment (not a DHIS2 parameter).</summary>
    [QueryParam]
    public string? Reason { get; init; }

    public ImportStrategy ToStrategy() => ImportStrategy?.ToUpperInvariant() switch
    {
        "CREATE" => ImportDataValueSet.ImportStrategy.Create,
        "UPDATE" => ImportDataValueSet.ImportStrategy.Update,
        "DELETE" => ImportDataValueSet.ImportStrategy.Delete,
        _ => ImportDataValueSet.ImportStrategy.CreateAndUpdate,
    };
}

/// <summary>
/// One DHIS2 data value: <c>dataElement</c> is an indicator code, <c>orgUnit</c> a unit id or bare code (resolved at
/// the end of the period), <c>value</c> a number as a string (DHIS2's way) or a JSON number. Other members
/// (<c>categoryOptionCombo</c>, <c>attributeOptionCombo</c>, <c>storedBy</c>, <c>created</c>, <c>lastUpdated</c>,
/// <c>followup</c>…) are skipped.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record DataValueRequest
{
    public string? DataElement { get; init; }
    public string? Period { get; init; }
    public string? OrgUnit { get; init; }
    [JsonConverter(typeof(NumberTextConverter))]
    public string? Value { get; init; }
    public string? Comment { get; init; }

    /// <summary>The value as a number; the error says why it is not one. An absent value is no error here (the value checks say it is required).</summary>
    public (decimal? Number, string? Error) ParseValue()
    {
        if (string.IsNullOrWhiteSpace(Value)) return (null, null);
        return decimal.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? (number, null)
            : (null, $"'{(Value.Length <= 40 ? Value : Value[..40] + "…")}' is not a number; write it with a decimal point, e.g. 94.5.");
    }

    public ValueInput ToInput(decimal? value) => new(OrgUnit, Period, DataElement, value, null, null, Comment);
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

public sealed class DataValueSetRequestValidator : Validator<DataValueSetRequest>
{
    private static readonly string[] Strategies = AllowedValueRules.Of<DataValueSetRequest>(nameof(DataValueSetRequest.ImportStrategy));

    public DataValueSetRequestValidator()
    {
        RuleFor(q => q.ImportStrategy).Must(s => s is null || Strategies.Contains(s.ToUpperInvariant()))
            .WithMessage($"importStrategy must be one of {string.Join(", ", Strategies)}.");
        RuleFor(q => q.Reason).MaximumLength(ValueChecks.MaxCommentLength).Must(TextRules.IsPrintable).WithMessage("reason must not contain control characters.");
        RuleFor(r => r.DataValues).NotNull().WithMessage("dataValues is required: { \"dataValues\": [ { \"dataElement\", \"period\", \"orgUnit\", \"value\" } ] }.");
        RuleForEach(r => r.DataValues).NotNull().WithMessage("A data value must be an object.");
    }
}

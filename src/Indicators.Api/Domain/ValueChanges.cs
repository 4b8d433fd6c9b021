using System.Text;
using System.Text.Json;

namespace Indicators.Api.Domain;

/// <summary>One value's state in the audit trail: before a change (null when it did not exist) or after it.</summary>
public sealed record ValueState(decimal Value, decimal? Numerator, decimal? Denominator, string? Comment);

/// <summary>One change of a value of a submission, as a value batch of the audit trail keeps it.</summary>
/// <param name="Action">created or updated.</param>
/// <param name="Reason">The comment or reason given with the change.</param>
public sealed record AuditedValueChange(string Indicator, string Disaggregation, string Action, string? Reason, ValueState? Old, ValueState New);

/// <summary>
/// The compact form of a bulk write's value changes of one submission (<see cref="AuditEntity.ValueBatch"/>): a JSON array
/// with one array per change, <c>[indicator, disaggregation, action, reason, old value, old numerator, old denominator,
/// old comment, new value, new numerator, new denominator, new comment]</c> — no member names, so a change costs its
/// figures and codes only, and one audit row stands for every value of the submission.
/// </summary>
public static class ValueChanges
{
    private const int Fields = 12;

    public static string Encode(IReadOnlyList<AuditedValueChange> changes)
    {
        using var buffer = new MemoryStream(changes.Count * 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var change in changes)
            {
                json.WriteStartArray();
                json.WriteStringValue(change.Indicator);
                json.WriteStringValue(change.Disaggregation);
                json.WriteStringValue(change.Action);
                Text(json, change.Reason);
                State(json, change.Old);
                State(json, change.New);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <exception cref="FormatException">The text is not the compact form.</exception>
    public static IReadOnlyList<AuditedValueChange> Decode(string text)
    {
        using var document = JsonDocument.Parse(text);
        var changes = new List<AuditedValueChange>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != Fields) throw new FormatException("A value change is an array of 12 fields.");
            var f = item.EnumerateArray().ToArray();
            changes.Add(new AuditedValueChange(f[0].GetString()!, f[1].GetString()!, f[2].GetString()!, f[3].GetString(), StateAt(f, 4), StateAt(f, 8)!));
        }
        return changes;
    }

    private static void State(Utf8JsonWriter json, ValueState? state)
    {
        Number(json, state?.Value);
        Number(json, state?.Numerator);
        Number(json, state?.Denominator);
        Text(json, state?.Comment);
    }

    private static ValueState? StateAt(JsonElement[] fields, int first) =>
        fields[first].ValueKind == JsonValueKind.Null ? null
        : new ValueState(fields[first].GetDecimal(), NumberAt(fields[first + 1]), NumberAt(fields[first + 2]), fields[first + 3].GetString());

    private static decimal? NumberAt(JsonElement field) => field.ValueKind == JsonValueKind.Null ? null : field.GetDecimal();

    private static void Number(Utf8JsonWriter json, decimal? number)
    {
        if (number is { } n) json.WriteNumberValue(n);
        else json.WriteNullValue();
    }

    private static void Text(Utf8JsonWriter json, string? text)
    {
        if (text is null) json.WriteNullValue();
        else json.WriteStringValue(text);
    }
}

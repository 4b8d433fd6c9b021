using System.Text.Json;
using System.Text.Json.Serialization;

namespace Indicators.Api.Infrastructure;

public static class JsonSetup
{
    /// <summary>
    /// camelCase, enums as camelCase strings, and strict input: numbers must be JSON numbers (no "12", NaN or
    /// Infinity), unknown members and duplicate keys are rejected so a misspelt field never silently drops a figure.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}

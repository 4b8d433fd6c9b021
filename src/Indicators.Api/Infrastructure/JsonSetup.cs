using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(LeaveOutQueryParameters);
    }

    /// <summary>
    /// A request property that FastEndpoints binds from the query (<c>[QueryParam]</c>, e.g. <c>dryRun</c>) is not a
    /// member of the JSON body, so a body that names it is refused like any other unknown member.
    /// </summary>
    private static void LeaveOutQueryParameters(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i].AttributeProvider?.IsDefined(typeof(FastEndpoints.QueryParamAttribute), inherit: true) == true) type.Properties.RemoveAt(i);
        }
    }
}

using NJsonSchema;
using NSwag;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Puts the generated schemas in the OpenAPI 3.0 form that validators and linters read alike: an enum property is
/// an inline string enum (with null when it may be null) rather than a lone <c>oneOf</c> reference, a nullable object is
/// <c>type: object</c> with its schema in <c>allOf</c>, a required property
/// is never null, a required text is never empty (FastEndpoints turns NotEmpty beside MaximumLength into
/// <c>minLength: 0</c>), and a count rule on a list is <c>maxItems</c>.
/// </summary>
public static class OpenApiSchemas
{
    public static void Normalise(OpenApiDocument document)
    {
        foreach (var schema in document.Components.Schemas.Values) NormaliseObject(schema);
        // Enums now written inline may have left their own component unused.
        var json = document.ToJson();
        foreach (var name in document.Components.Schemas.Keys.Where(n => !json.Contains($"\"#/components/schemas/{n}\"", StringComparison.Ordinal)).ToList())
        {
            document.Components.Schemas.Remove(name);
        }
    }

    private static void NormaliseObject(JsonSchema schema)
    {
        if (schema.HasReference) return;
        if (schema.AdditionalPropertiesSchema is { Type: JsonObjectType.None, HasReference: false } extra && extra.IsNullableRaw == true)
        {
            // ProblemDetails: any extension member, of any type.
            schema.AdditionalPropertiesSchema = null;
            schema.AllowAdditionalProperties = true;
        }
        foreach (var (name, property) in schema.Properties)
        {
            var required = schema.RequiredProperties.Contains(name);
            if (required) property.IsNullableRaw = false;
            NormaliseValue(property, required);
            // A reference stands alone in OpenAPI 3.0; what is required is not null anyway.
            if (property.HasReference && property.IsNullableRaw == false) property.IsNullableRaw = null;
        }
    }

    private static void NormaliseValue(JsonSchema property, bool required)
    {
        if (property.OneOf.Count == 1 && property.OneOf.First().ActualSchema is { IsEnumeration: true } enumeration)
        {
            property.OneOf.Clear();
            property.Type = JsonObjectType.String;
            foreach (var value in enumeration.Enumeration) property.Enumeration.Add(value);
            if (property.IsNullableRaw == true) property.Enumeration.Add(null);
        }
        else if (property.OneOf.Count == 1 && property.IsNullableRaw != true)
        {
            property.Reference = property.OneOf.First().ActualSchema;
            property.OneOf.Clear();
        }
        else if (property.OneOf.Count == 1 && property.OneOf.First().ActualSchema.Type == JsonObjectType.Object)
        {
            // A nullable object names its type beside nullable (OpenAPI 3.0 reads nullable only with a type).
            var target = property.OneOf.First();
            property.OneOf.Clear();
            property.Type = JsonObjectType.Object;
            property.AllOf.Add(target);
        }
        if (property.Type.HasFlag(JsonObjectType.String) && property.MinLength == 0) property.MinLength = required ? 1 : null;
        if (property.Type.HasFlag(JsonObjectType.Array))
        {
            if (property.Maximum is { } most)
            {
                property.MaxItems = (int)most;
                property.Maximum = null;
            }
            // A list's members are checked one by one; a null member is refused.
            if (property.Item is { } item)
            {
                item.IsNullableRaw = null;
                NormaliseValue(item, required: true);
            }
        }
        NormaliseObject(property);
    }
}

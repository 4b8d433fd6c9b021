using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Indicators.Api.Infrastructure;

public static class OpenApiSetup
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Indicators API",
            Version = "v1",
            Description = "Health-indicator targets, reported actuals, and attainment and gap reports for Vietnam's provinces.",
        });
        // Schema ids are the type names; generic lists read as IndicatorResponseList.
        options.CustomSchemaIds(SchemaId);
        options.SupportNonNullableReferenceTypes();
        options.AddSecurityDefinition("ApiKey", new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key; reads are anonymous unless Auth:RequireAuthForReads is true.",
        });
        options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference("ApiKey", document)] = [],
        });
    }

    private static string SchemaId(Type type) =>
        type.IsGenericType
            ? string.Concat(type.GetGenericArguments().Select(SchemaId)) + type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)].Replace("Response", "", StringComparison.Ordinal)
            : type.Name;
}

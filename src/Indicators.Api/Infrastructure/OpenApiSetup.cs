using FastEndpoints.Swagger;

namespace Indicators.Api.Infrastructure;

/// <summary>The OpenAPI document, generated from the endpoints by FastEndpoints.Swagger (NSwag), and Swagger UI.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static void AddOpenApiDocument(this IServiceCollection services) =>
        services.SwaggerDocument(o =>
        {
            o.AutoTagPathSegmentIndex = 0;
            o.EnableJWTBearerAuth = false;
            o.ShortSchemaNames = true;
            o.DocumentSettings = s =>
            {
                s.DocumentName = DocumentName;
                s.Title = "Indicators API";
                s.Version = "v1";
                s.Description = "Health-indicator targets, reported actuals, and attainment and gap reports for Vietnam's provinces.";
            };
        });

    public static void UseOpenApiDocument(this WebApplication app)
    {
        app.UseOpenApi(c => c.Path = "/swagger/{documentName}/swagger.json");
        app.UseOpenApi(c => c.Path = "/swagger/{documentName}/swagger.yaml");
        app.UseSwaggerUI(c => c.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Indicators API"));
    }
}

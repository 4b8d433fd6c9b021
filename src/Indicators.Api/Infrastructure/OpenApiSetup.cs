using FastEndpoints.Swagger;
using NSwag;

namespace Indicators.Api.Infrastructure;

/// <summary>The OpenAPI document, generated from the endpoints by FastEndpoints.Swagger (NSwag), and Swagger UI.</summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Admin"] = "API keys: create, list, revoke (admin).",
        ["Attainment"] = "Attainment of every target: met, gap, trend and status.",
        ["Imports"] = "Bulk loads: CSV, JSON and DHIS2 data value sets.",
        ["Indicators"] = "The indicator catalog: code, names, unit, direction, aggregation, frequency.",
        ["Reports"] = "Gap rankings, scorecards and reporting compliance.",
        ["Submissions"] = "Reported values of one unit and period, and their approval workflow.",
        ["Targets"] = "Targets from resolutions and plans, with every revision kept.",
        ["Tasks"] = "The task register of the plans: due dates, status, overdue tasks, and the agencies that carry them across the 2025 reorganisation.",
        ["Units"] = "Administrative units as territory versions, across the 2025 merger of provinces.",
        ["Values"] = "Reported and derived values in long format, and their audit trail.",
    };

    public static void AddOpenApiDocument(this IServiceCollection services) =>
        services.SwaggerDocument(o =>
        {
            o.AutoTagPathSegmentIndex = 0;
            o.EnableJWTBearerAuth = false;
            o.ShortSchemaNames = true;
            o.RemoveEmptyRequestSchema = true;
            o.SerializerSettings = JsonSetup.Configure;
            o.DocumentSettings = s =>
            {
                s.DocumentName = DocumentName;
                s.Title = "Indicators API";
                s.Version = "v1";
                s.Description = "Health-indicator targets, reported actuals, and attainment and gap reports for Vietnam's provinces.";
                s.SchemaSettings.SchemaNameGenerator = new SchemaNames();
                s.OperationProcessors.Add(new OpenApiContract());
                s.SchemaSettings.SchemaProcessors.Add(new AllowedValuesSchemaProcessor());
                s.PostProcess = Complete;
            };
        });

    public static void UseOpenApiDocument(this WebApplication app)
    {
        // The document names no host: it is the same wherever the service runs.
        app.UseOpenApi(c => { c.Path = "/swagger/{documentName}/swagger.json"; c.PostProcess = (document, _) => RelativeServer(document); });
        app.UseOpenApi(c => { c.Path = "/swagger/{documentName}/swagger.yaml"; c.PostProcess = (document, _) => RelativeServer(document); });
        app.UseSwaggerUI(c => c.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Indicators API"));
    }

    private static void RelativeServer(OpenApiDocument document)
    {
        document.Servers.Clear();
        document.Servers.Add(new OpenApiServer { Url = "/", Description = "This service" });
    }

    /// <summary>What holds for the whole document: one relative server, the key scheme, described tags, paths in order.</summary>
    private static void Complete(OpenApiDocument document)
    {
        RelativeServer(document);
        document.Components.SecuritySchemes[OpenApiContract.SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = OpenApiSecuritySchemeType.ApiKey,
            In = OpenApiSecurityApiKeyLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key (ind_…); reads are open unless Auth:RequireAuthForReads is true. Authorization: ApiKey … and Authorization: ApiToken … (as DHIS2 clients send personal access tokens) work too.",
        };
        var used = document.Operations.SelectMany(o => o.Operation.Tags).ToHashSet(StringComparer.Ordinal);
        document.Tags = TagDescriptions.Where(t => used.Contains(t.Key)).Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }).ToList();
        OpenApiSchemas.Normalise(document);
        var paths = document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        document.Paths.Clear();
        foreach (var (path, item) in paths) document.Paths[path] = item;
    }
}

/// <summary>Schema ids are the type names; a list reads as its item: <c>ListResponse&lt;KeyResponse&gt;</c> is <c>KeyResponseList</c>.</summary>
public sealed class SchemaNames : NJsonSchema.Generation.ISchemaNameGenerator
{
    public string Generate(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ListResponse<>)
            ? Generate(type.GetGenericArguments()[0]) + "List"
            : type.Name;
}

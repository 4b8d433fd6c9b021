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
        options.AddServer(new OpenApiServer { Url = "/", Description = "This service" });
        options.DocumentFilter<TagDescriptions>();
        options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Indicators.Api.xml"));
        options.OperationFilter<CsvContentFilter>();
        options.OperationFilter<AuthResponsesFilter>();
        options.DescribeAllParametersInCamelCase();
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

    /// <summary>Adds <c>text/csv</c> beside the JSON of a 200 answer for endpoints that offer CSV, and describes CSV request bodies as text.</summary>
    private sealed class CsvContentFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            // A CSV request body is text with a header row, not the JSON schema of the same endpoint.
            if (operation.RequestBody?.Content?.TryGetValue("text/csv", out var csvBody) == true && csvBody is OpenApiMediaType csvRequest)
            {
                csvRequest.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "CSV, UTF-8, with the header row this endpoint documents." };
            }
            if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CsvOutput>().Any()) return;
            if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response) return;
            response.Content ??= new Dictionary<string, IOpenApiMediaType>();
            response.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    /// <summary>Documents the 401 and 403 problems of endpoints that need a role.</summary>
    private sealed class AuthResponsesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata
                .OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy).ToList();
            if (!policies.Any(p => p is not null && p != Auth.Policies.Read)) return;
            operation.Responses ??= [];
            var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            foreach (var (status, description) in new[] { ("401", "No valid API key."), ("403", "The key's role or unit scope does not allow this.") })
            {
                operation.Responses[status] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        ["application/problem+json"] = new OpenApiMediaType { Schema = problem },
                    },
                };
            }
        }
    }

    /// <summary>One line per area for the OpenAPI tags.</summary>
    private sealed class TagDescriptions : IDocumentFilter
    {
        private static readonly Dictionary<string, string> Descriptions = new()
        {
            ["Admin"] = "API keys: roles admin, approver, reporter and reader, scoped to units.",
            ["Indicators"] = "The indicator catalog: units of measure, direction, aggregation, frequency.",
            ["Targets"] = "Targets from resolutions and plans, with every revision kept.",
            ["Units"] = "Administrative units as territory versions, across the 2025 merger of provinces.",
            ["Submissions"] = "Reported values of one unit and period, and their approval workflow.",
            ["Values"] = "Reported and derived values in long format, and their audit trail.",
            ["Imports"] = "Bulk loads: CSV, JSON and DHIS2 data value sets.",
            ["Attainment"] = "Attainment of every target: met, gap, trend and status.",
            ["Reports"] = "Gap rankings, scorecards and reporting compliance.",
        };

        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var used = document.Paths.Values.Where(p => p.Operations is not null).SelectMany(p => p.Operations!.Values)
                .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet();
            document.Tags = new HashSet<OpenApiTag>(Descriptions.Where(d => used.Contains(d.Key)).OrderBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => new OpenApiTag { Name = d.Key, Description = d.Value }));
        }
    }
}

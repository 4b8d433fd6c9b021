using System.Reflection;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Validators;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Namotion.Reflection;
using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// Makes each operation of the OpenAPI document say what the service really does: every status it can answer (with
/// the problem schema), the headers it reads and sends, the constraints of its parameters (from the request's
/// validator and the API's parameter conventions) and whether it needs a key.
/// </summary>
public sealed class OpenApiContract : IOperationProcessor
{
    public const string SecurityScheme = "ApiKey";

    /// <summary>A unit id (the bare GSO code, or code@validFrom), or a bare code.</summary>
    public const string UnitPattern = "^(VN|[0-9]{2,5})(@[0-9]{4}-[0-9]{2}-[0-9]{2})?$";

    public const string IndicatorPattern = "^[A-Z][A-Z0-9_]{1,63}$";

    public const string DatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /// <summary>Parameters that mean the same wherever they appear.</summary>
    private static readonly Dictionary<string, Action<JsonSchema>> Conventions = new(StringComparer.Ordinal)
    {
        ["format"] = s => Enumerate(s, FileFormatValidator.Formats),
        ["lang"] = s => Enumerate(s, FileFormatValidator.Languages),
        ["limit"] = s => (s.Minimum, s.Maximum) = (1, Paging.MaxLimit),
        ["level"] = s => Enumerate(s, Enum.GetValues<UnitLevel>().Select(l => EnumText.Of(l))),
        ["status"] = s => Enumerate(s, Enum.GetValues<AttainmentStatus>().Select(l => EnumText.Of(l))),
        ["period"] = s => s.Pattern = PeriodRules.Pattern,
        ["from"] = s => s.Pattern = PeriodRules.Pattern,
        ["to"] = s => s.Pattern = PeriodRules.Pattern,
        ["unit"] = s => s.Pattern = UnitPattern,
        ["parent"] = s => s.Pattern = UnitPattern,
        ["indicator"] = s => s.Pattern = IndicatorPattern,
        ["code"] = s => s.Pattern = IndicatorPattern,
        ["asOf"] = s => s.Pattern = DatePattern,
    };

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [304] = "Not modified: the If-None-Match ETag is current.",
        [400] = "The request is not valid; errors names each field (values[3].value).",
        [401] = "No valid API key: none where one is needed, or one that is revoked or wrong.",
        [403] = "The key's role or unit scope does not allow this.",
        [404] = "Not found.",
        [409] = "Conflict with the stored state, or a request with the same Idempotency-Key still running.",
        [412] = "If-Match does not name the current revision.",
        [413] = "The request body is too large.",
        [415] = "The body's media type is not accepted.",
        [422] = "The Idempotency-Key was already used for a different request.",
        [428] = "If-Match is required.",
        [429] = "Too many writes from this key; retry after Retry-After seconds.",
        [501] = "Not available on this database engine.",
        [503] = "The database is busy or unavailable; retry after Retry-After seconds.",
    };

    public bool Process(OperationProcessorContext context)
    {
        var description = ((AspNetCoreOperationProcessorContext)context).ApiDescription;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var operation = context.OperationDescription.Operation;
        var method = context.OperationDescription.Method.ToUpperInvariant();
        var isWrite = method is "POST" or "PUT" or "DELETE";
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var isOpenRead = policies.Contains(AccessPolicies.Read);
        var isConditionalRead = method == "GET" && metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(p => p.StatusCode == 304);
        var definition = metadata.OfType<EndpointDefinition>().FirstOrDefault();
        var isFhir = metadata.OfType<FhirOutput>().Any();

        AddQueryBoundParameters(operation, definition);
        DescribeParameters(operation, definition);
        foreach (var header in metadata.OfType<ReadsHeader>()) AddHeaderParameter(operation, header.Name, header.Description, header.Required);
        if (method is "POST" or "PUT") AddHeaderParameter(operation, Idempotency.Header, $"Replays the first answer to a repeat of this request; 1 to {Idempotency.MaxKeyLength} printable characters.", false, Idempotency.MaxKeyLength);
        if (isConditionalRead) AddHeaderParameter(operation, ApiHeaders.IfNoneMatch, "The ETag of a previous answer: a 304 while nothing has changed.", false);

        DescribeBody(context, operation, metadata);
        var problem = Schema(context, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails));
        var validationProblem = Schema(context, typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails));
        var hasBody = operation.RequestBody is not null;
        // Any call may present a wrong key (401) or find the database away (503). A numeric {id} that does not parse
        // misses the route (404), so it alone never makes a 400.
        var statuses = new SortedSet<int> { 401, 503 };
        if (operation.Parameters.Any(p => p.Kind is OpenApiParameterKind.Query or OpenApiParameterKind.Path && p.Name is not "id") || hasBody || method is "POST" or "PUT") statuses.Add(400);
        if (!isOpenRead && !policies.Contains(AccessPolicies.AnyKey)) statuses.Add(403);
        if (hasBody) statuses.UnionWith([413, 415]);
        if (method is "POST" or "PUT") statuses.UnionWith([409, 422]);
        if (isWrite) statuses.Add(429);
        if (isConditionalRead) statuses.Add(304);
        foreach (var declared in operation.Responses.Keys.Select(int.Parse).Where(s => s >= 400)) statuses.Add(declared);

        foreach (var status in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var response = operation.Responses.TryGetValue(key, out var existing) ? existing : operation.Responses[key] = new OpenApiResponse();
            response.Description = Descriptions.GetValueOrDefault(status, response.Description);
            // An error the endpoint answers in its own JSON shape (the DHIS2 import summary) keeps it.
            var ownShape = status >= 400 && response.Content.TryGetValue("application/json", out var json) ? json : null;
            response.Content.Clear();
            if (ownShape is not null) response.Content["application/json"] = ownShape;
            else if (status >= 400) response.Content["application/problem+json"] = new OpenApiMediaType { Schema = status == 400 ? validationProblem : problem };
            // A FHIR endpoint answers its own errors as OperationOutcomes; the service's shared layers (keys, limits) as problems.
            if (isFhir && status >= 400) response.Content[FhirContent] = new OpenApiMediaType { Schema = FhirSchema("An OperationOutcome.") };
            if (status is 429 or 503) AddHeader(response, ApiHeaders.RetryAfter, "Seconds to wait before trying again.", JsonObjectType.Integer);
        }

        var success = operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).ToList();
        if (isFhir) success.ForEach(r => r.Content[FhirContent] = new OpenApiMediaType { Schema = FhirSchema("A FHIR R4 resource (an OperationOutcome for a write).") });
        if (isConditionalRead) success.ForEach(r => AddHeader(r, ApiHeaders.ETag, "The data version of this answer; send it back as If-None-Match."));
        foreach (var header in metadata.OfType<SendsHeader>())
        {
            AddHeader(operation.Responses[header.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)], header.Name, header.Description);
        }
        if (metadata.OfType<CsvOutput>().Any() && operation.Responses.TryGetValue("200", out var ok))
        {
            ok.Content["text/csv"] = new OpenApiMediaType { Schema = new JsonSchema { Type = JsonObjectType.String, Description = "UTF-8 with a byte-order mark, RFC 4180, a header row." } };
            ok.Content[ListFile.XlsxContentType] = new OpenApiMediaType
            {
                Schema = new JsonSchema { Type = JsonObjectType.String, Format = "binary", Description = "One sheet: typed cells, a frozen header row in the lang asked (vi by default)." },
            };
            if (operation.Parameters.Any(p => p.Name == "cursor")) AddHeader(ok, ApiHeaders.NextCursor, "The cursor of the next page of a CSV or xlsx answer; absent on the last page.");
            AddHeader(ok, "Content-Disposition", "With format=csv or xlsx: attachment, with a file name saying what the file holds (attainment-2030.xlsx).");
        }

        if (metadata.OfType<FileOutput>().FirstOrDefault() is { } file && operation.Responses.TryGetValue("200", out var download))
        {
            download.Content[file.ContentType] = new OpenApiMediaType { Schema = new JsonSchema { Type = JsonObjectType.String, Format = "binary", Description = file.Description } };
            AddHeader(download, "Content-Disposition", "attachment, with the file's name.");
        }

        if (metadata.OfType<AdxOutput>().Any() && operation.Responses.TryGetValue("200", out var adx))
        {
            adx.Content[Adx.ContentType] = new OpenApiMediaType { Schema = new JsonSchema { Type = JsonObjectType.String, Description = "IHE ADX XML (urn:ihe:qrph:adx:2015), UTF-8." } };
        }

        var responses = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in responses) operation.Responses[status] = response;

        operation.Security = isOpenRead
            ? [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [SecurityScheme] = [] }]
            : [new OpenApiSecurityRequirement { [SecurityScheme] = [] }];
        return true;
    }

    /// <summary>
    /// An endpoint that binds its request from the query and reads its body itself (the imports, DHIS2, FHIR writes) has
    /// its request's properties as query parameters; the generator, seeing a body of another type, lists none of them.
    /// </summary>
    private static void AddQueryBoundParameters(OpenApiOperation operation, EndpointDefinition? definition)
    {
        if (definition is null || !definition.ReqDtoType.IsDefined(typeof(BoundFromQueryAttribute))) return;
        var properties = definition.ReqDtoType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var property in properties.Where(p => !operation.Parameters.Any(x => string.Equals(x.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = property.Name,
                Kind = OpenApiParameterKind.Query,
                Description = property.GetXmlDocsSummary(),
                Schema = new JsonSchema
                {
                    Type = type == typeof(bool) ? JsonObjectType.Boolean : type == typeof(int) || type == typeof(long) ? JsonObjectType.Integer : JsonObjectType.String,
                },
            });
        }
    }

    /// <summary>camelCase names, the API's conventions, and what the request's validator says of each query and path parameter.</summary>
    private static void DescribeParameters(OpenApiOperation operation, EndpointDefinition? definition)
    {
        var validator = definition?.ValidatorType is { } type ? (IValidator)Activator.CreateInstance(type)! : null;
        var rules = validator?.CreateDescriptor();
        foreach (var parameter in operation.Parameters.Where(p => p.Kind is OpenApiParameterKind.Query or OpenApiParameterKind.Path))
        {
            var property = definition?.ReqDtoType.GetProperty(parameter.Name, BindingFlags.IgnoreCase | BindingFlags.Public | BindingFlags.Instance)
                ?? definition?.ReqDtoType.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<BindFromAttribute>()?.Name == parameter.Name);
            parameter.Name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(parameter.Name);
            var schema = parameter.Schema ??= new JsonSchema { Type = JsonObjectType.String };
            schema.IsNullableRaw = null;
            if (Conventions.TryGetValue(parameter.Name, out var convention)) convention(schema);
            if (property?.GetCustomAttribute<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>() is { } allowed) Enumerate(schema, allowed.Values.Select(v => v!.ToString()!));
            if (property is null || rules is null) continue;
            foreach (var rule in rules.GetRulesForMember(property.Name))
            {
                foreach (var component in rule.Components.Where(c => !c.HasCondition && !c.HasAsyncCondition))
                {
                    switch (component.Validator)
                    {
                        case INotNullValidator or INotEmptyValidator when !rule.HasCondition:
                            parameter.IsRequired = true;
                            break;
                        case ILengthValidator length when length.Max > 0:
                            schema.MaxLength = length.Max;
                            break;
                        case IBetweenValidator between:
                            schema.Minimum = Convert.ToDecimal(between.From, System.Globalization.CultureInfo.InvariantCulture);
                            schema.Maximum = Convert.ToDecimal(between.To, System.Globalization.CultureInfo.InvariantCulture);
                            break;
                        case IRegularExpressionValidator regex:
                            schema.Pattern = regex.Expression;
                            break;
                    }
                }
            }
        }
    }

    /// <summary>An optional JSON body as declared; a CSV body is text with the header row the summary names.</summary>
    private static void DescribeBody(OperationProcessorContext context, OpenApiOperation operation, IList<object> metadata)
    {
        if (metadata.OfType<OptionalJsonBody>().FirstOrDefault() is { } optional)
        {
            operation.RequestBody = new OpenApiRequestBody { IsRequired = false };
            operation.RequestBody.Content["application/json"] = new OpenApiMediaType { Schema = Schema(context, optional.Type) };
        }
        if (operation.RequestBody?.Content.ContainsKey("text/csv") == true)
        {
            operation.RequestBody.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new JsonSchema { Type = JsonObjectType.String, Description = "CSV, UTF-8, with the header row this operation names." },
            };
        }
    }

    private const string FhirContent = "application/fhir+json";

    private static JsonSchema FhirSchema(string description) => new() { Type = JsonObjectType.Object, Description = description + " See the FHIR R4 specification." };

    private static void Enumerate(JsonSchema schema, IEnumerable<string> values)
    {
        schema.Enumeration.Clear();
        foreach (var value in values) schema.Enumeration.Add(value);
    }

    private static void AddHeaderParameter(OpenApiOperation operation, string name, string description, bool required, int? maxLength = null)
    {
        if (operation.Parameters.Any(p => p.Kind == OpenApiParameterKind.Header && p.Name == name)) return;
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name, Kind = OpenApiParameterKind.Header, Description = description, IsRequired = required,
            Schema = new JsonSchema { Type = JsonObjectType.String, MaxLength = maxLength },
        });
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonObjectType type = JsonObjectType.String) =>
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new JsonSchema { Type = type } };

    /// <summary>A reference to the component schema of a type (a problem, or a body).</summary>
    private static JsonSchema Schema(OperationProcessorContext context, Type type) =>
        context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(type.ToContextualType(), false, context.SchemaResolver);
}

/// <summary>Text properties of request bodies with an <see cref="System.ComponentModel.DataAnnotations.AllowedValuesAttribute"/> are enums in the document.</summary>
public sealed class AllowedValuesSchemaProcessor : NJsonSchema.Generation.ISchemaProcessor
{
    public void Process(NJsonSchema.Generation.SchemaProcessorContext context)
    {
        foreach (var property in context.ContextualType.Type.GetProperties())
        {
            if (property.GetCustomAttribute<System.ComponentModel.DataAnnotations.AllowedValuesAttribute>() is not { } allowed) continue;
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!context.Schema.Properties.TryGetValue(name, out var schema)) continue;
            schema.Enumeration.Clear();
            foreach (var value in allowed.Values) schema.Enumeration.Add(value);
        }
    }
}

/// <summary>
/// A request bound from the query string alone, by an endpoint that reads its body itself (<c>RequestBinder</c> with
/// <c>BindingSource.QueryParams</c>): the document lists its properties as query parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BoundFromQueryAttribute : Attribute;

/// <summary>Endpoint metadata: a 200 answer that is a file of this media type (a database backup).</summary>
public sealed record FileOutput(string ContentType, string Description);

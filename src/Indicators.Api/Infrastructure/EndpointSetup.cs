using FastEndpoints;
using FluentValidation.Results;

namespace Indicators.Api.Infrastructure;

/// <summary>FastEndpoints: discovery of the feature endpoints, and errors in the API's one problem shape.</summary>
public static class EndpointSetup
{
    public static void AddFeatureEndpoints(this IServiceCollection services) =>
        services.AddFastEndpoints(o => o.Assemblies = [typeof(EndpointSetup).Assembly]);

    public static void MapFeatureEndpoints(this WebApplication app)
    {
        app.MapFastEndpoints(c =>
        {
            // Validation messages name fields by FieldPath (values[3].value), not by FastEndpoints' naming of the chain.
            c.Validation.UsePropertyNamingPolicy = false;
            c.Errors.ResponseBuilder = (failures, _, status) => ValidationProblem(failures, status);
            c.Errors.ProducesMetadataType = null;
            c.Serializer.ResponseSerializer = WriteAsync;
            c.Binding.FailureMessage = (type, _, value) => ProblemExceptionHandler.InvalidParameter(type, value.ToString());
            // Unreadable JSON goes to ProblemExceptionHandler, which names the field the same way for every body.
            c.Binding.JsonExceptionTransformer = null;
        });
    }

    private static Microsoft.AspNetCore.Http.HttpValidationProblemDetails ValidationProblem(List<ValidationFailure> failures, int status) =>
        new(failures
            .GroupBy(f => Problems.FieldPath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()))
        {
            Status = status,
            Title = "The request is not valid.",
        };

    /// <summary>Problems go through the problem-details service, like every other problem of the service.</summary>
    private static Task WriteAsync(HttpResponse response, object? body, string contentType, System.Text.Json.Serialization.JsonSerializerContext? context, CancellationToken ct) =>
        body is Microsoft.AspNetCore.Mvc.ProblemDetails problem
            ? response.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = response.HttpContext, ProblemDetails = problem }).AsTask()
            : response.WriteAsJsonAsync(body, body?.GetType() ?? typeof(object), (System.Text.Json.JsonSerializerOptions?)null, contentType, ct);
}

using Microsoft.AspNetCore.Http.Metadata;

namespace Indicators.Api.Infrastructure;

/// <summary>
/// A body sent without a Content-Type to an endpoint that declares the types it reads is a 415 problem, answered
/// here because FastEndpoints answers that case with a bare status and no body.
/// </summary>
public sealed class ContentTypeGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts is { IsOptional: false, ContentTypes.Count: > 0 } && string.IsNullOrEmpty(context.Request.ContentType)
            && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "Unsupported media type.",
                    Detail = $"Send the body as {string.Join(" or ", accepts.ContentTypes)}.",
                },
            });
            return;
        }
        await next(context);
    }
}

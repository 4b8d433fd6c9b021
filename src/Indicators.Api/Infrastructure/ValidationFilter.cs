using FluentValidation;

namespace Indicators.Api.Infrastructure;

/// <summary>Runs the FluentValidation validator of the endpoint's <typeparamref name="T"/> argument; failures become a 400 problem.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // A required body that is missing never reaches here (binding refuses it); an optional one may be absent.
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null) return await next(context);
        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            return Problems.Validation(result.Errors
                .GroupBy(e => Problems.FieldPath(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }
        return await next(context);
    }
}

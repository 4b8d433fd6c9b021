using FluentValidation;

namespace Indicators.Api.Infrastructure;

/// <summary>Date parameters and fields: a day of the years the service knows (2000–2100).</summary>
public static class DateRules
{
    public static IRuleBuilderOptions<T, DateOnly?> WithinServiceYears<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(d => d is null || d.Value.Year is >= 2000 and <= 2100).WithMessage("The date must be a day of the years 2000–2100.");
}

using FluentValidation;

namespace Indicators.Api.Infrastructure;

/// <summary>Date parameters and fields: a day of the years the service knows (2000–2100), and today as Vietnam counts it.</summary>
public static class DateRules
{
    /// <summary>Today in Vietnam (UTC+7, no daylight saving): the day a deadline is judged on unless a request names another.</summary>
    public static DateOnly TodayInVietnam(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

    public static IRuleBuilderOptions<T, DateOnly?> WithinServiceYears<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(d => d is null || d.Value.Year is >= 2000 and <= 2100).WithMessage("The date must be a day of the years 2000–2100.");
}

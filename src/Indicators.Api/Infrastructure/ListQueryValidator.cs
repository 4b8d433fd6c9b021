using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Linq.Expressions;
using FluentValidation;

namespace Indicators.Api.Infrastructure;

/// <summary>The parameters every list shares: <c>format</c> and <c>lang</c>, <c>limit</c> and <c>cursor</c>.</summary>
public sealed class ListQueryValidator<T> : AbstractValidator<T> where T : class, IFileFormatRequest
{
    /// <param name="extraFormats">Formats a list offers beyond JSON, CSV and xlsx (the values list: adx).</param>
    public ListQueryValidator(Expression<Func<T, int?>> limit, Expression<Func<T, string?>> cursor, params string[] extraFormats)
        : this(limit, cursor, byId: false, extraFormats)
    {
    }

    private ListQueryValidator(Expression<Func<T, int?>> limit, Expression<Func<T, string?>> cursor, bool byId, string[] extraFormats)
    {
        Include(new FileFormatValidator(extraFormats));
        RuleFor(limit).InclusiveBetween(1, Paging.MaxLimit);
        RuleFor(cursor).Must(c => Paging.TryDecode(c, out var key) && (!byId || key is null || long.TryParse(key, out _)))
            .WithMessage("cursor is not a cursor returned by this list.");
    }

    /// <summary>A list paged by a numeric id, whose cursor must hold one.</summary>
    public static ListQueryValidator<T> ById(Expression<Func<T, int?>> limit, Expression<Func<T, string?>> cursor) => new(limit, cursor, byId: true, []);
}

/// <summary>Period parameters (<c>from</c>, <c>to</c>, <c>period</c>): DHIS2-style ids such as 2025, 2025S1, 2025Q3, 202507.</summary>
public static class PeriodRules
{
    /// <summary>The shape of a period id, for the OpenAPI document; <see cref="Domain.Period.TryParse"/> also checks the year's range.</summary>
    public const string Pattern = "^[0-9]{4}([Qq][1-4]|[Ss][12]|[Ll]9|0[1-9]|1[0-2])?$";

    /// <summary>True for a period id, or for no value (the parameter is optional).</summary>
    public static bool IsPeriod(string? text) => text is null || Domain.Period.TryParse(text, out _, out _);

    /// <summary>Why the text is not a period.</summary>
    public static string Error(string? text) => Domain.Period.TryParse(text, out _, out var error) ? "" : error!;
}

/// <summary>The values a text property's <see cref="AllowedValuesAttribute"/> names: one list for its validator and the OpenAPI document.</summary>
public static class AllowedValueRules
{
    public static string[] Of<T>(string property) =>
        typeof(T).GetProperty(property)!.GetCustomAttribute<AllowedValuesAttribute>()!.Values.Select(v => (string)v!).ToArray();
}

/// <summary>Checks on free text.</summary>
public static class TextRules
{
    /// <summary>No control characters other than tab and line breaks.</summary>
    public static bool IsPrintable(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));
}

using System.Linq.Expressions;
using FluentValidation;

namespace Indicators.Api.Infrastructure;

/// <summary>The parameters every list shares: <c>format</c>, <c>limit</c> and <c>cursor</c>.</summary>
public sealed class ListQueryValidator<T> : AbstractValidator<T>
{
    public ListQueryValidator(Expression<Func<T, string?>> format, Expression<Func<T, int?>> limit, Expression<Func<T, string?>> cursor)
    {
        RuleFor(format).Must(f => f is null || f is "csv" or "json").WithMessage("format must be csv or json.");
        RuleFor(limit).InclusiveBetween(1, Paging.MaxLimit);
        RuleFor(cursor).Must(c => Paging.TryDecode(c, out _)).WithMessage("cursor is not a cursor returned by this list.");
    }
}

/// <summary>Checks on free text.</summary>
public static class TextRules
{
    /// <summary>No control characters other than tab and line breaks.</summary>
    public static bool IsPrintable(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));
}

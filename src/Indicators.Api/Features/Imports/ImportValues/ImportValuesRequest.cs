using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;
using Indicators.Api.Writing;

namespace Indicators.Api.Features.Imports.ImportValues;

/// <summary>The JSON form of an import; the CSV form has the same columns.</summary>
public sealed record ImportValuesRequest
{
    public IReadOnlyList<ImportValuesRow?>? Rows { get; init; }
}

/// <summary>One row: a value of one indicator for one unit and period; <c>value</c>, or <c>numerator</c> and <c>denominator</c>.</summary>
public sealed record ImportValuesRow
{
    /// <summary>A unit id, or a bare code resolved at the end of the period.</summary>
    public string? Unit { get; init; }
    public string? Period { get; init; }
    public string? Indicator { get; init; }
    public decimal? Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    /// <summary>Why; required (or the <c>reason</c> parameter) when the row corrects a submitted value.</summary>
    public string? Comment { get; init; }
    /// <summary>The disaggregation, category → option (<c>{"ethnicity": "minority"}</c>); absent or empty for the total.</summary>
    public IReadOnlyDictionary<string, string?>? Disaggregation { get; init; }

    public ValueInput ToInput() => new(Unit, Period, Indicator, Value, Numerator, Denominator, Comment, Disaggregation);
}

/// <summary>The query of <c>POST /imports</c>.</summary>
[BoundFromQuery]
public sealed class ImportValuesQuery
{
    /// <summary>true (default): all or nothing; false: the valid rows are written and the rest reported.</summary>
    public bool? Atomic { get; init; }
    /// <summary>true: check and report, write nothing.</summary>
    public bool? DryRun { get; init; }
    /// <summary>The audit reason of corrections whose row has no comment.</summary>
    public string? Reason { get; init; }
    /// <summary>How the CSV writes numbers: en (1234.5) or vi (1.234,5); detected when absent (vi when fields are separated by ;).</summary>
    public string? Locale { get; init; }
}

public sealed class ImportValuesQueryValidator : Validator<ImportValuesQuery>
{
    public ImportValuesQueryValidator()
    {
        RuleFor(q => q.Reason).MaximumLength(ValueChecks.MaxCommentLength).Must(TextRules.IsPrintable).WithMessage("reason must not contain control characters.");
        RuleFor(q => q.Locale).Must(l => l is null || CsvDialect.ParseLocale(l) is not null).WithMessage("locale must be en or vi.");
    }
}

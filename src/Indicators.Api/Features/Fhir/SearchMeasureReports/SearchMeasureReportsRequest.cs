using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure;
using Indicators.Api.Reporting;

namespace Indicators.Api.Features.Fhir.SearchMeasureReports;

public sealed class SearchMeasureReportsRequest
{
    /// <summary>The Measure: its canonical URL, id (DOCTORS-PER-10K) or indicator code.</summary>
    public string? Measure { get; init; }
    /// <summary>A unit id (51@2025-07-01) or bare code (the version valid today); only that unit's own values.</summary>
    public string? Subject { get; init; }
    /// <summary>A period id (2025, 2025S1, 2025Q3, 202507): values whose period ends within it.</summary>
    public string? Period { get; init; }
    /// <summary>reported (default), derived (roll-ups only) or all.</summary>
    [AllowedValues("reported", "derived", "all")]
    public string? Source { get; init; }
    /// <summary>Reports per page (default 1,000, at most 10,000).</summary>
    [BindFrom("_count")]
    public int? Count { get; init; }
    /// <summary>The page after this one: taken from the Bundle's next link.</summary>
    public string? Cursor { get; init; }
}

public sealed class SearchMeasureReportsRequestValidator : Validator<SearchMeasureReportsRequest>
{
    public SearchMeasureReportsRequestValidator()
    {
        RuleFor(r => r.Measure).MaximumLength(200);
        RuleFor(r => r.Subject).MaximumLength(40);
        RuleFor(r => r.Period).Must(PeriodRules.IsPeriod).WithMessage(r => PeriodRules.Error(r.Period));
        RuleFor(r => r.Source).Must(s => s is null or "reported" or "derived" or "all").WithMessage("source must be reported, derived or all.");
        RuleFor(r => r.Count).InclusiveBetween(1, Paging.MaxLimit).WithName("_count");
        RuleFor(r => r.Cursor).Must(c => Paging.TryDecode(c, out var key) && (key is null || ValueCursor.TryRead(key, out _)))
            .WithMessage("cursor is not a cursor of this search.");
    }
}

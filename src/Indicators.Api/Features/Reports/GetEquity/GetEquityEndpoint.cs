using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Reports.GetEquity;

public sealed class GetEquityEndpoint(AttainmentQuery query, ValueIndexCache cache, TimeProvider clock)
    : Endpoint<GetEquityRequest, Results<Ok<EquityResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Equity);
        Group<ReportsArea>();
        Description(b => b.WithName("GetEquity").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The gaps between the groups of a category (e.g. ethnic-minority vs overall BHYT coverage) for one indicator, unit and year: "
            + "each option's actual (reported, or rolled up from the unit's communes like a total), its ratio to and difference from the overall value and "
            + "from the reference group (the category's first option: kinh, male), and the attainment of the group's own target where it has one.");
    }

    public override async Task<Results<Ok<EquityResponse>, ValidationProblem>> ExecuteAsync(GetEquityRequest request, CancellationToken ct)
    {
        var (index, _) = await cache.GetAsync(ct);
        var asOf = request.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!index.Indicators.TryGetValue(request.Indicator!, out var indicator)) return Problems.Validation("indicator", $"Unknown indicator '{request.Indicator}'.");
        if (!index.Rules.Categories.TryGetValue(request.Category!, out var category))
        {
            return Problems.Validation("category", $"Unknown category '{request.Category}'; the categories are {string.Join(", ", index.Rules.Categories.Keys.Order(StringComparer.Ordinal))}.");
        }
        var resolved = index.Units.ResolveForRead(request.Unit!, request.AsOf, asOf);
        if (resolved.Unit is not { } unit) return Problems.Validation("unit", resolved.Error!);

        var year = request.Year!.Value;
        var (rows, _) = await query.RunAsync(new AttainmentFilter(year, indicator.Code, unit.Id, null, null, request.AsOf), ct);
        var overall = EquityReport.Actual(index, indicator.Code, unit.Id, Disaggregation.Total, year, asOf);
        return TypedResults.Ok(new EquityResponse
        {
            Indicator = indicator.Code,
            IndicatorName = indicator.NameVi,
            Unit = unit.Id,
            UnitName = unit.NameVi,
            Year = year,
            AsOf = asOf,
            Category = category.Code,
            CategoryName = category.NameVi,
            Reference = category.Options.Count > 0 ? category.Options[0].Code : null,
            Overall = new EquityOverall
            {
                Value = EquityReport.Round(overall?.Value, indicator.Decimals), Period = overall?.Period.Id, Source = overall?.Source, CoveragePct = overall?.CoveragePct,
                Attainment = rows.FirstOrDefault(r => r.Disaggregation is null),
            },
            Groups = EquityReport.Groups(index, indicator.Code, unit.Id, category, year, asOf, overall, rows),
        });
    }
}

public sealed record GetEquityRequest
{
    public string? Indicator { get; init; }
    /// <summary>A unit id, or a bare code resolved at asOf.</summary>
    public string? Unit { get; init; }
    public int? Year { get; init; }
    /// <summary>The category whose groups are compared: sex, ageGroup, area or ethnicity.</summary>
    public string? Category { get; init; }
    /// <summary>Judge on the data as of this date (default today).</summary>
    public DateOnly? AsOf { get; init; }
}

public sealed class GetEquityRequestValidator : Validator<GetEquityRequest>
{
    public GetEquityRequestValidator()
    {
        RuleFor(r => r.Indicator).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Unit).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Year).NotNull().InclusiveBetween(2000, 2100);
        RuleFor(r => r.Category).NotEmpty().MaximumLength(32);
    }
}

/// <summary>The gaps between the groups of a category for one indicator, unit and year.</summary>
public sealed record EquityResponse
{
    public required string Indicator { get; init; }
    public required string IndicatorName { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required int Year { get; init; }
    public required DateOnly AsOf { get; init; }
    public required string Category { get; init; }
    public required string CategoryName { get; init; }
    /// <summary>The reference group: the category's first option.</summary>
    public string? Reference { get; init; }
    public required EquityOverall Overall { get; init; }
    /// <summary>One per option of the category, in the options' order.</summary>
    public required IReadOnlyList<EquityGroup> Groups { get; init; }
}

/// <summary>The total: reported, rolled up, or derived from a complete disaggregation.</summary>
public sealed record EquityOverall
{
    [IndicatorDecimals]
    public decimal? Value { get; init; }
    public string? Period { get; init; }
    public ValueSource? Source { get; init; }
    public decimal? CoveragePct { get; init; }
    /// <summary>The attainment of the unit's target on the total for the year, when it has one.</summary>
    public AttainmentRow? Attainment { get; init; }
}

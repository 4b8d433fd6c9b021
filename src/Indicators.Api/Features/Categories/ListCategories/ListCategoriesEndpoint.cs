using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Categories.ListCategories;

public sealed class ListCategoriesEndpoint(Database database) : EndpointWithoutRequest<Ok<ListResponse<CategoryResponse>>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Categories);
        Group<CategoriesArea>();
        Description(b => b.WithName("ListCategories").RequireReadAccess().WithDataVersionETag());
        Summary(s => s.Summary = "The categories values and targets may be disaggregated by (sex, ageGroup, area, ethnicity), ordered by code, with their options "
            + "in display order and the indicators that declare each combination.");
    }

    public override async Task<Ok<ListResponse<CategoryResponse>>> ExecuteAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rules = await CategoryStore.RulesAsync(connection, null, ct);
        var indicators = (await CatalogStore.AllAsync(connection, ct)).Select(i => i.Code).Order(StringComparer.Ordinal).ToList();
        var combos = indicators.SelectMany(i => rules.CombosOf(i).Select(c => (Indicator: i, Combo: c))).ToList();
        var items = rules.Categories.Values.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new CategoryResponse
        {
            Code = c.Code,
            NameVi = c.NameVi,
            NameEn = c.NameEn,
            AddsUp = c.AddsUp,
            Options = c.Options.Select(o => new CategoryOptionResponse { Code = o.Code, NameVi = o.NameVi, NameEn = o.NameEn, Sort = o.Sort }).ToList(),
            Indicators = combos.Where(x => x.Combo.Split('+').Contains(c.Code)).Select(x => new IndicatorComboResponse { Indicator = x.Indicator, Combo = x.Combo }).ToList(),
        }).ToList();
        return TypedResults.Ok(new ListResponse<CategoryResponse>(items, null));
    }
}

/// <summary>A category of disaggregations with its options.</summary>
public sealed record CategoryResponse
{
    /// <summary>The stable code used in disaggregation keys and CSV column names: sex, ageGroup, area, ethnicity.</summary>
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required string NameEn { get; init; }
    /// <summary>
    /// Whether the options add up to the whole: then the values of every option make up a total where none was reported,
    /// and a reported total that differs from them is warned of. The age groups overlap and do not.
    /// </summary>
    public required bool AddsUp { get; init; }
    public required IReadOnlyList<CategoryOptionResponse> Options { get; init; }
    /// <summary>The indicators that may be reported by a combination including this category.</summary>
    public required IReadOnlyList<IndicatorComboResponse> Indicators { get; init; }
}

public sealed record CategoryOptionResponse
{
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required string NameEn { get; init; }
    /// <summary>The display order within the category.</summary>
    public required int Sort { get; init; }
}

/// <summary>A combination an indicator declares: category codes in ordinal order joined by + (<c>ageGroup+sex</c>).</summary>
public sealed record IndicatorComboResponse
{
    public required string Indicator { get; init; }
    public required string Combo { get; init; }
}

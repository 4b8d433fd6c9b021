using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Categories.PutIndicatorDisaggregations;

public sealed class PutIndicatorDisaggregationsEndpoint(Database database, CategoryDirectory categories)
    : Endpoint<PutIndicatorDisaggregationsRequest, Results<Ok<IndicatorDisaggregationsResponse>, ProblemHttpResult, ValidationProblem>>
{
    public override void Configure()
    {
        Put("/api/v1/indicators/{indicator}/disaggregations");
        Tags("Categories");
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("PutIndicatorDisaggregations").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s => s.Summary = "Replaces the category combinations an indicator may be reported by (admin); audited. "
            + "A combination is category codes joined by + (sex, ageGroup+sex); values already stored for a combination removed stay.");
    }

    public override async Task<Results<Ok<IndicatorDisaggregationsResponse>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(
        PutIndicatorDisaggregationsRequest request, CancellationToken ct)
    {
        var combos = new List<string>();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < request.Combos!.Count; i++)
        {
            var (combo, error) = Disaggregation.ParseCombo(request.Combos[i]);
            if (combo is null) errors[$"combos[{i}]"] = [error!];
            else combos.Add(combo);
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var outcome = await database.InTransactionAsync<IResult?>(User.Actor(), async w =>
        {
            if (!(await CatalogStore.AllAsync(w.Connection, ct, w.Transaction)).Any(i => i.Code == request.Indicator))
            {
                return Problems.NotFound($"No indicator has the code '{request.Indicator}'.");
            }
            var categories = (await CategoryStore.RulesAsync(w.Connection, w.Transaction, ct)).Categories;
            var unknown = combos.Select((combo, i) => (combo, i)).Where(x => x.combo.Split('+').Any(code => !categories.ContainsKey(code))).ToList();
            if (unknown.Count > 0)
            {
                return TypedResults.ValidationProblem(unknown.ToDictionary(x => $"combos[{x.i}]",
                    x => new[] { $"'{x.combo}' names a category that does not exist; the categories are {string.Join(", ", categories.Keys.Order(StringComparer.Ordinal))}." }));
            }
            await CategoryStore.SaveCombosAsync(w, request.Indicator, combos, ct);
            return null;
        }, ct);
        categories.Invalidate();
        return outcome switch
        {
            ProblemHttpResult missing => missing,
            ValidationProblem invalid => invalid,
            _ => TypedResults.Ok(new IndicatorDisaggregationsResponse { Indicator = request.Indicator, Combos = combos.Distinct().Order(StringComparer.Ordinal).ToList() }),
        };
    }
}

public sealed record PutIndicatorDisaggregationsRequest
{
    public string Indicator { get; init; } = "";
    /// <summary>The combinations, e.g. ["sex", "ethnicity", "ageGroup+sex"]; empty: the indicator is reported as a total only.</summary>
    public IReadOnlyList<string>? Combos { get; init; }
}

public sealed class PutIndicatorDisaggregationsRequestValidator : Validator<PutIndicatorDisaggregationsRequest>
{
    public PutIndicatorDisaggregationsRequestValidator()
    {
        RuleFor(r => r.Combos).NotNull().WithMessage("combos is required (an empty list for totals only).");
        RuleFor(r => r.Combos!.Count).LessThanOrEqualTo(50).When(r => r.Combos is not null).OverridePropertyName("combos");
    }
}

/// <summary>The combinations an indicator declares, in ordinal order.</summary>
public sealed record IndicatorDisaggregationsResponse
{
    public required string Indicator { get; init; }
    public required IReadOnlyList<string> Combos { get; init; }
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Categories.PutCategoryOption;

public sealed class PutCategoryOptionEndpoint(Database database, CategoryDirectory categories)
    : Endpoint<PutCategoryOptionRequest, Results<Created<PutCategoryOptionResponse>, Ok<PutCategoryOptionResponse>, ProblemHttpResult, ValidationProblem>>
{
    public override void Configure()
    {
        Put("{category}/options/{code}");
        Group<CategoriesArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("PutCategoryOption").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(s => s.Summary = "Adds an option to a category, or renames or reorders one (admin); audited. Codes are stable: an option is never removed.");
    }

    public override async Task<Results<Created<PutCategoryOptionResponse>, Ok<PutCategoryOptionResponse>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(
        PutCategoryOptionRequest request, CancellationToken ct)
    {
        if (!Disaggregation.OptionCode().IsMatch(request.Code))
        {
            return Problems.Validation("code", "code must be 1 to 32 letters, digits or underscores, starting with a letter or digit (e.g. under5, y15_49).");
        }
        var option = new CategoryOption(request.Category, request.Code, TextFold.Nfc(request.NameVi)!.Trim(), TextFold.Nfc(request.NameEn)!.Trim(), request.Sort!.Value);
        var change = await database.InTransactionAsync(User.Actor(), async w =>
            (await CategoryStore.RulesAsync(w.Connection, w.Transaction, ct)).Categories.ContainsKey(request.Category)
                ? await CategoryStore.SaveOptionAsync(w, option, ct)
                : (Change?)null, ct);
        categories.Invalidate();
        if (change is null) return Problems.NotFound($"No category has the code '{request.Category}'.");
        var response = new PutCategoryOptionResponse { Category = option.Category, Code = option.Code, NameVi = option.NameVi, NameEn = option.NameEn, Sort = option.Sort };
        return change == Change.Created ? TypedResults.Created($"/api/v1/categories/{option.Category}/options/{option.Code}", response) : TypedResults.Ok(response);
    }
}

public sealed record PutCategoryOptionRequest
{
    public string Category { get; init; } = "";
    public string Code { get; init; } = "";
    public string? NameVi { get; init; }
    public string? NameEn { get; init; }
    /// <summary>The display order within the category.</summary>
    public int? Sort { get; init; }
}

public sealed class PutCategoryOptionRequestValidator : Validator<PutCategoryOptionRequest>
{
    public PutCategoryOptionRequestValidator()
    {
        RuleFor(r => r.NameVi).NotEmpty().MaximumLength(200).Must(TextRules.IsPrintable).WithMessage("nameVi is required, without control characters.");
        RuleFor(r => r.NameEn).NotEmpty().MaximumLength(200).Must(TextRules.IsPrintable).WithMessage("nameEn is required, without control characters.");
        RuleFor(r => r.Sort).NotNull().InclusiveBetween(0, 10_000);
    }
}

/// <summary>The option as stored.</summary>
public sealed record PutCategoryOptionResponse
{
    public required string Category { get; init; }
    public required string Code { get; init; }
    public required string NameVi { get; init; }
    public required string NameEn { get; init; }
    public required int Sort { get; init; }
}

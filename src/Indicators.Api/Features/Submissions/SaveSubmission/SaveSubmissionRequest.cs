using FastEndpoints;
using FluentValidation;

namespace Indicators.Api.Features.Submissions.SaveSubmission;

/// <summary>The values of one unit and one period; saved all or nothing.</summary>
public sealed record SaveSubmissionRequest
{
    public IReadOnlyList<SubmissionValueRequest>? Values { get; init; }
    /// <summary>true: submit for approval after saving; false (default): keep as draft (or in its current status).</summary>
    public bool Submit { get; init; }
    /// <summary>true: check the values and answer what would be saved, without saving.</summary>
    [QueryParam]
    public bool? DryRun { get; init; }
}

/// <summary>One value: <c>value</c>, or <c>numerator</c> and <c>denominator</c> (then value = numerator / denominator × factor).</summary>
public sealed record SubmissionValueRequest
{
    public string? Indicator { get; init; }
    public decimal? Value { get; init; }
    public decimal? Numerator { get; init; }
    public decimal? Denominator { get; init; }
    /// <summary>Required when correcting a value that was already submitted.</summary>
    public string? Comment { get; init; }
    /// <summary>
    /// The disaggregation the value is for, category → option (<c>{"sex": "female"}</c>); absent or empty for the total.
    /// The combination must be one the indicator declares.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Disaggregation { get; init; }
}

public sealed class SaveSubmissionRequestValidator : Validator<SaveSubmissionRequest>
{
    public const int MaxValues = 1000;

    public SaveSubmissionRequestValidator()
    {
        RuleFor(r => r.Values).NotNull().WithMessage("values is required.");
        RuleFor(r => r.Values!.Count).LessThanOrEqualTo(MaxValues).When(r => r.Values is not null).OverridePropertyName("values")
            .WithMessage($"At most {MaxValues} values per submission; use /api/v1/imports for bulk loads.");
        RuleForEach(r => r.Values).NotNull().WithMessage("A value must be an object.");
    }
}

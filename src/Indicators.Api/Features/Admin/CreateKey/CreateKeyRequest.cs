using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;

namespace Indicators.Api.Features.Admin.CreateKey;

public sealed record CreateKeyRequest
{
    /// <summary>Who holds the key, e.g. "Sở Y tế Quảng Ngãi — thống kê".</summary>
    public string? Name { get; init; }
    /// <summary>admin, approver, reporter or reader.</summary>
    [AllowedValues(Roles.Admin, Roles.Approver, Roles.Reporter, Roles.Reader)]
    public string? Role { get; init; }
    /// <summary>Unit ids the key may write or approve for (with their communes and predecessors). Required for reporters and approvers.</summary>
    public IReadOnlyList<string>? Units { get; init; }
}

public sealed class CreateKeyRequestValidator : Validator<CreateKeyRequest>
{
    private static readonly string[] AllowedRoles = AllowedValueRules.Of<CreateKeyRequest>(nameof(CreateKeyRequest.Role));

    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200).Must(TextRules.IsPrintable).WithMessage("name must not contain control characters.");
        RuleFor(r => r.Role).NotEmpty().Must(r => AllowedRoles.Contains(r)).WithMessage("role must be admin, approver, reporter or reader.");
        RuleFor(r => r.Units).NotEmpty().When(r => r.Role is Roles.Reporter or Roles.Approver)
            .WithMessage("A reporter or approver key needs the units it works for.");
        RuleFor(r => r.Units!.Count).LessThanOrEqualTo(200).When(r => r.Units is not null).OverridePropertyName("units");
    }
}

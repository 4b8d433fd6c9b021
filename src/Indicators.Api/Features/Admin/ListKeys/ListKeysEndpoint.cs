using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.ListKeys;

public sealed class ListKeysEndpoint(KeyStore keys) : Endpoint<ListKeysRequest, Results<Ok<ListResponse<KeyResponse>>, CsvResult<KeyResponse>>>
{
    public override void Configure()
    {
        Get("");
        Group<AdminArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("ListKeys"));
        Summary(s => s.Summary = "Every API key with its prefix, role, units and revocation (admin); never a secret.");
    }

    public override async Task<Results<Ok<ListResponse<KeyResponse>>, CsvResult<KeyResponse>>> ExecuteAsync(ListKeysRequest request, CancellationToken ct)
    {
        var items = (await keys.ListAsync(ct)).Select(k => new KeyResponse
        {
            Id = k.Id, Name = k.Name, Role = k.Role, Prefix = k.Prefix, Units = k.Units, CreatedAt = k.CreatedAt, RevokedAt = k.RevokedAt,
        }).ToList();
        return Csv.Requested(HttpContext, request.Format) ? new CsvResult<KeyResponse>(items) : TypedResults.Ok(new ListResponse<KeyResponse>(items, null));
    }
}

public sealed record ListKeysRequest
{
    /// <summary><c>csv</c> for a CSV answer; JSON otherwise.</summary>
    public string? Format { get; init; }
}

public sealed class ListKeysRequestValidator : Validator<ListKeysRequest>
{
    public ListKeysRequestValidator() => RuleFor(r => r.Format).Must(ListQueryRules.IsFormat).WithMessage(ListQueryRules.FormatMessage);
}

using FastEndpoints;
using FluentValidation;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.ListKeys;

public sealed class ListKeysEndpoint(KeyStore keys) : Endpoint<ListKeysRequest, Results<Ok<ListResponse<KeyResponse>>, ListFileResult<KeyResponse>>>
{
    public override void Configure()
    {
        Get(ApiRoutes.Keys);
        Group<AdminArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("ListKeys"));
        Summary(s => s.Summary = "Every API key with its prefix, role, units and revocation (admin); never a secret.");
    }

    public override async Task<Results<Ok<ListResponse<KeyResponse>>, ListFileResult<KeyResponse>>> ExecuteAsync(ListKeysRequest request, CancellationToken ct)
    {
        var items = (await keys.ListAsync(ct)).Select(k => new KeyResponse
        {
            Id = k.Id, Name = k.Name, Role = k.Role, Prefix = k.Prefix, Units = k.Units, CreatedAt = k.CreatedAt, RevokedAt = k.RevokedAt,
        }).ToList();
        return ListFile.For(HttpContext, request, "api-keys") is { } file ? file.Of(items) : TypedResults.Ok(new ListResponse<KeyResponse>(items, null));
    }
}

public sealed record ListKeysRequest : IFileFormatRequest
{
    /// <summary>json (default), csv or xlsx.</summary>
    public string? Format { get; init; }
    /// <summary>The language of an xlsx file's column headers: vi (default) or en.</summary>
    public string? Lang { get; init; }
}

public sealed class ListKeysRequestValidator : Validator<ListKeysRequest>
{
    public ListKeysRequestValidator() => Include(new FileFormatValidator());
}

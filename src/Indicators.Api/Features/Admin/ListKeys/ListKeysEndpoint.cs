using FastEndpoints;
using FluentValidation;
using Dapper;
using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.ListKeys;

public sealed class ListKeysEndpoint(Database database) : Endpoint<ListKeysRequest, Results<Ok<ListResponse<KeyResponse>>, ListFileResult<KeyResponse>>>
{
    public override void Configure()
    {
        Get("");
        Group<AdminArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("ListKeys"));
        Summary(s => s.Summary = "Every API key with its prefix, role, units and revocation (admin); never a secret.");
    }

    public override async Task<Results<Ok<ListResponse<KeyResponse>>, ListFileResult<KeyResponse>>> ExecuteAsync(ListKeysRequest request, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var keys = await connection.QueryAsync<(long Id, string Name, string Role, string Prefix, string CreatedAt, string? RevokedAt)>(new CommandDefinition(
            "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id", cancellationToken: ct));
        var units = (await connection.QueryAsync<(long KeyId, string UnitId)>(new CommandDefinition(
            "SELECT key_id, unit_id FROM api_key_units ORDER BY unit_id", cancellationToken: ct))).ToLookup(u => u.KeyId, u => u.UnitId);
        var items = keys.Select(k => new KeyResponse
        {
            Id = k.Id, Name = k.Name, Role = k.Role, Prefix = k.Prefix, Units = units[k.Id].ToList(),
            CreatedAt = Clock.ParseStamp(k.CreatedAt)!.Value, RevokedAt = Clock.ParseStamp(k.RevokedAt),
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

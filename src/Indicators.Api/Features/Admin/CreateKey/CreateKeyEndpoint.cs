using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Admin.CreateKey;

public sealed class CreateKeyEndpoint(KeyStore keys, UnitDirectory directory, TimeProvider clock)
    : Endpoint<CreateKeyRequest, Results<Created<CreatedKeyResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Post(ApiRoutes.Keys);
        Group<AdminArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("CreateKey"));
        Summary(s => s.Summary = "Creates an API key (admin). The secret is in this answer only; the service keeps its SHA-256. "
            + "A bare unit code is resolved to today's version of that unit; the answer lists the resolved ids.");
    }

    public override async Task<Results<Created<CreatedKeyResponse>, ValidationProblem>> ExecuteAsync(CreateKeyRequest request, CancellationToken ct)
    {
        var graph = await directory.GetAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // A bare code means today's version, as everywhere else: "79" is the current Hồ Chí Minh City, 79@2025-07-01.
        var resolved = (request.Units ?? []).Select(u => graph.ResolveForRead(u.Trim(), null, today)).ToList();
        var unknown = resolved.Select((r, i) => (r, i)).Where(x => x.r.Unit is null).ToList();
        if (unknown.Count > 0)
        {
            return Problems.Validation(unknown.ToDictionary(x => $"units[{x.i}]", x => new[] { $"{x.r.Error} Use a unit id, e.g. 51@2025-07-01." }));
        }
        var units = resolved.Select(r => r.Unit!.Id).Distinct(StringComparer.Ordinal).ToList();
        var (key, prefix) = ApiKeys.Generate();
        var name = request.Name!.Normalize(System.Text.NormalizationForm.FormC).Trim();
        var id = await keys.CreateAsync(name, request.Role!, prefix, ApiKeys.Hash(key), units, User.Actor(), ct);
        return TypedResults.Created(ApiRoutes.KeyUrl(id), new CreatedKeyResponse(id, name, request.Role!, units, prefix, key));
    }
}

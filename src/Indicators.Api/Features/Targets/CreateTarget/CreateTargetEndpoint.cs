using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.CreateTarget;

public sealed class CreateTargetEndpoint(Database database, UnitDirectory directory, TimeProvider clock)
    : Endpoint<TargetRequest, Results<Created<TargetResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Post("");
        Group<TargetsArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("CreateTarget")
            .WithMetadata(new SendsHeader(StatusCodes.Status201Created, ApiHeaders.ETag, "The first revision; send it as If-Match with a change.")));
        Summary(s => s.Summary = "Creates a target (admin); every target names its source document.");
    }

    public override async Task<Results<Created<TargetResponse>, ValidationProblem>> ExecuteAsync(TargetRequest request, CancellationToken ct)
    {
        TargetDefinition? target;
        Dictionary<string, string[]> errors;
        await using (var connection = await database.OpenAsync(ct))
        {
            (target, errors) = await TargetChecks.ResolveAsync(request, connection, await directory.GetAsync(ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        }
        if (target is null) return Problems.Validation(errors);
        var created = await database.InTransactionAsync(User.Actor(), w => TargetStore.CreateAsync(w, target, ct), ct);
        HttpContext.Response.Headers.ETag = TargetETag.Of(created);
        return TypedResults.Created($"/api/v1/targets/{created.Id}", TargetResponse.From(created));
    }
}

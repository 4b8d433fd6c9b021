using System.Security.Claims;
using Indicators.Api.Data;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Targets.CreateTarget;

public sealed class CreateTargetEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Targets;

    public void Map(RouteGroupBuilder group) => group.MapPost("", Handle)
        .WithName("CreateTarget")
        .WithSummary("Creates a target (admin); every target names its source document.")
        .RequireAuthorization(Policies.Admin)
        .Validate<TargetRequest>();

    private static async Task<Results<Created<TargetResponse>, ValidationProblem>> Handle(
        TargetRequest request, HttpContext http, ClaimsPrincipal user, Database database, UnitDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        TargetDefinition? target;
        Dictionary<string, string[]> errors;
        await using (var connection = await database.OpenAsync(ct))
        {
            (target, errors) = await TargetChecks.ResolveAsync(request, connection, await directory.GetAsync(ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        }
        if (target is null) return Problems.Validation(errors);
        var created = await database.InTransactionAsync((c, t) => TargetData.CreateAsync(c, t, database.Dialect, target, user.Actor(), ct), ct);
        http.Response.Headers.ETag = TargetETag.Of(created);
        return TypedResults.Created($"/api/v1/targets/{created.Id}", created);
    }
}

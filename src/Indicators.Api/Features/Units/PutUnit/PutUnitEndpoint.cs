using System.Security.Claims;
using Indicators.Api.Data;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Units.PutUnit;

public sealed class PutUnitEndpoint : IEndpoint
{
    public ApiArea Area => ApiArea.Units;

    public void Map(RouteGroupBuilder group) => group.MapPut("{unit}", Handle)
        .WithName("PutUnit")
        .WithSummary("Creates or replaces a territory version (admin).")
        .RequireAuthorization(Policies.Admin)
        .Validate<PutUnitRequest>();

    private static async Task<Results<Created<UnitResponse>, Ok<UnitResponse>, ValidationProblem>> Handle(
        string unit, PutUnitRequest request, ClaimsPrincipal user, Database database, UnitDirectory directory, CancellationToken ct)
    {
        var id = unit;
        var graph = await directory.GetAsync(ct);
        var errors = new Dictionary<string, string[]>();
        var expectedId = request.ValidFrom is { } from ? $"{request.Code}@{Clock.Date(from)}" : request.Code;
        if (id != expectedId && id != request.Code) errors["id"] = [$"The id must be the code ({request.Code}) or code@validFrom ({expectedId})."];
        if (request.ParentId is not null && graph.Find(request.ParentId) is null && request.ParentId != id) errors["parentId"] = [$"Unknown unit '{request.ParentId}'."];
        if (request.SuccessorId is not null && graph.Find(request.SuccessorId) is null) errors["successorId"] = [$"Unknown unit '{request.SuccessorId}'."];
        if (request.SuccessorId is not null && request.ValidTo is null) errors["validTo"] = ["A unit with a successor needs validTo."];
        if (errors.Count > 0) return Problems.Validation(errors);

        var version = new UnitVersion(id, request.Code!, TextFold.Nfc(request.NameVi)!.Trim(), request.Level!.Value, request.ParentId,
            request.ValidFrom, request.ValidTo, request.SuccessorId, request.Type, TextFold.Nfc(request.Note));
        var changes = await database.InTransactionAsync((c, t) => UnitData.SaveAsync(c, t, [version], user.Actor(), ct), ct);
        directory.Invalidate();
        var saved = UnitResponse.From(version, await directory.GetAsync(ct));
        return changes[0] == Change.Created ? TypedResults.Created($"/api/v1/units/{id}", saved) : TypedResults.Ok(saved);
    }
}

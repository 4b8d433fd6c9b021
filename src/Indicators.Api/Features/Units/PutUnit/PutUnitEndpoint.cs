using FastEndpoints;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Units.PutUnit;

public sealed class PutUnitEndpoint(Database database, UnitDirectory directory)
    : Endpoint<PutUnitRequest, Results<Created<UnitResponse>, Ok<UnitResponse>, ValidationProblem>>
{
    public override void Configure()
    {
        Put("{unit}");
        Group<UnitsArea>();
        Policies(AccessPolicies.Admin);
        Description(b => b.WithName("PutUnit"));
        Summary(s => s.Summary = "Creates or replaces a territory version (admin).");
    }

    public override async Task<Results<Created<UnitResponse>, Ok<UnitResponse>, ValidationProblem>> ExecuteAsync(PutUnitRequest request, CancellationToken ct)
    {
        var id = Route<string>("unit")!;
        var graph = await directory.GetAsync(ct);
        var errors = new Dictionary<string, string[]>();
        var expectedId = request.ValidFrom is { } from ? $"{request.Code}@{Clock.Date(from)}" : request.Code;
        if (id != expectedId && id != request.Code) errors["id"] = [$"The id must be the code ({request.Code}) or code@validFrom ({expectedId})."];
        if (request.ParentId is not null && graph.Find(request.ParentId) is null && request.ParentId != id) errors["parentId"] = [$"Unknown unit '{request.ParentId}'."];
        if (request.SuccessorId is not null && graph.Find(request.SuccessorId) is null) errors["successorId"] = [$"Unknown unit '{request.SuccessorId}'."];
        if (request.SuccessorId is not null && request.ValidTo is null) errors["validTo"] = ["A unit with a successor needs validTo."];
        if (request.FormedFromId is not null && graph.Find(request.FormedFromId) is not { ValidTo: not null })
        {
            errors["formedFromId"] = [$"formedFromId must name a unit that ended: '{request.FormedFromId}' is unknown or current."];
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var version = new UnitVersion(id, request.Code!, TextFold.Nfc(request.NameVi)!.Trim(), request.Level!.Value, request.ParentId,
            request.ValidFrom, request.ValidTo, request.SuccessorId, request.Type, TextFold.Nfc(request.Note), request.FormedFromId);
        var changes = await database.InTransactionAsync(User.Actor(), w => UnitStore.SaveAsync(w, [version], ct), ct);
        directory.Invalidate();
        var saved = UnitResponse.From(version, await directory.GetAsync(ct));
        return changes[0] == Change.Created ? TypedResults.Created($"/api/v1/units/{id}", saved) : TypedResults.Ok(saved);
    }
}

using System.Security.Claims;
using Indicators.Api.Storage;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Submissions;

/// <summary>
/// The <c>{unit}/{period}</c> of every submission route: the period parsed, the unit resolved at the period's
/// end (a bare code names the version valid then), and the caller's unit scope checked.
/// </summary>
public static class SubmissionPath
{
    public static async Task<(UnitVersion Unit, Period Period, IResult? Problem)> ResolveAsync(
        string unit, string period, ClaimsPrincipal user, UnitDirectory directory, CancellationToken ct)
    {
        if (!Period.TryParse(period, out var parsed, out var periodError))
        {
            return (null!, default, Problems.Validation("period", periodError!));
        }
        var graph = await directory.GetAsync(ct);
        var resolved = graph.Resolve(unit, parsed.End);
        if (resolved.Unit is null) return (null!, parsed, Problems.Validation("unit", resolved.Error!));
        if (!resolved.Unit.IsValidOn(parsed.End))
        {
            return (null!, parsed, Problems.Validation("unit", $"Unit {resolved.Unit.Id} ({resolved.Unit.NameVi}) does not exist on {parsed.End:yyyy-MM-dd}, the end of {parsed}."));
        }
        if (user.Identity?.IsAuthenticated == true && !user.IsAdmin() && !graph.IsCovered(resolved.Unit.Id, user.ScopeUnits()))
        {
            return (null!, parsed, Problems.Forbidden($"This key may not act for {resolved.Unit.Id} ({resolved.Unit.NameVi}); its units are {string.Join(", ", user.ScopeUnits())}."));
        }
        return (resolved.Unit, parsed, null);
    }
}

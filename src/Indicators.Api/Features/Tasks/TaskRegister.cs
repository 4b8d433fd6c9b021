using System.Data.Common;
using System.Security.Claims;
using Indicators.Api.Domain;
using Indicators.Api.Domain.Tasks;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Api.Features.Tasks;

/// <summary>What judging tasks needs: the units and agencies with their successions, the holidays, and the yearly reporting deadline.</summary>
public sealed record TaskRegister(UnitGraph Units, AgencyGraph Agencies, IReadOnlySet<DateOnly> Holidays, (int Month, int Day) YearlyReport)
{
    public static async Task<TaskRegister> LoadAsync(DbConnection connection, UnitDirectory directory, TaskOptions options, CancellationToken ct) => new(
        await directory.GetAsync(ct),
        new AgencyGraph((await AgencyStore.AllAsync(connection, null, ct)).Values),
        (await HolidayStore.AllAsync(connection, ct)).Keys.Select(d => Clock.ParseDate(d)!.Value).ToHashSet(),
        options.YearlyReport!.Value);

    public TaskOnDay On(PlanTask task, DateOnly on) => TaskOnDay.Of(task, Units, Agencies, Holidays, YearlyReport, on);

    /// <summary>An agency as it carries tasks in a unit: "Sở Y tế (Lâm Đồng)".</summary>
    public string AgencyName(string code, string unitId) =>
        $"{Agencies.Find(code)?.NameVi ?? code} ({Units.Find(unitId)?.NameVi ?? unitId})";

    public string UnitName(string unitId) => Units.Find(unitId)?.NameVi ?? unitId;

    /// <summary>A key that is not an admin's writes the tasks of the units its scope covers (a former province's tasks pass with its territory).</summary>
    public ProblemHttpResult? Refusal(ClaimsPrincipal user, string unitId) =>
        user.IsAdmin() || Units.IsCovered(unitId, user.ScopeUnits()) ? null
            : Problems.Forbidden($"This key may not write the tasks of {unitId} ({UnitName(unitId)}); its units are {string.Join(", ", user.ScopeUnits())}.");
}

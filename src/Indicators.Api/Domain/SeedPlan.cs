namespace Indicators.Api.Domain;

/// <summary>What loading one seed row does to its record.</summary>
public enum SeedAction
{
    /// <summary>The record is new: create it.</summary>
    Create,
    /// <summary>The seed file changed the row and nobody edited the record since it was loaded: apply the change.</summary>
    Update,
    /// <summary>The record already says what the row says.</summary>
    Unchanged,
    /// <summary>The record was edited through the API and the seed row did not change: the edit stays.</summary>
    KeepEdit,
    /// <summary>The record was edited through the API and the seed row changed too: the edit stays and the clash is reported once.</summary>
    Conflict,
    /// <summary>The seeded record was deleted through the API: it stays deleted.</summary>
    KeepDeleted,
}

/// <summary>
/// Seeds never fight people: a seed row is applied when its record is new, or when the seed file changed the row since
/// it was last loaded and the record is still as that load left it. An edit or a deletion made through the API wins.
/// </summary>
public static class SeedPlan
{
    /// <param name="current">The stored record; null when there is none.</param>
    /// <param name="deleted">The stored record is (soft) deleted.</param>
    /// <param name="lastLoaded">The seed row as it was last loaded; null when no load was recorded (a database of an older release).</param>
    /// <param name="lastWrittenBySeed">The record's last writer was the seeder: the test of "not edited" when no load was recorded.</param>
    /// <param name="row">The seed row now.</param>
    public static SeedAction Decide<T>(T? current, bool deleted, T? lastLoaded, bool lastWrittenBySeed, T row) where T : class
    {
        if (current is null) return lastLoaded is null ? SeedAction.Create : SeedAction.KeepDeleted;
        if (deleted) return SeedAction.KeepDeleted;
        if (current.Equals(row)) return SeedAction.Unchanged;
        var untouched = lastLoaded is null ? lastWrittenBySeed : current.Equals(lastLoaded);
        if (untouched) return SeedAction.Update;
        return lastLoaded is null || lastLoaded.Equals(row) ? SeedAction.KeepEdit : SeedAction.Conflict;
    }
}

using Indicators.Api.Storage;

namespace Indicators.Tests.Reliability;

/// <summary>Sixteen writers on one service instance (see <see cref="ConcurrentWriters"/>).</summary>
public sealed class ConcurrencyTests : ApiTest
{
    private const int Writers = 16;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:WritesPerMinute"] = "0" };

    [Test]
    public async Task Parallel_writers_leave_a_consistent_audited_database()
    {
        var keys = new Dictionary<string, string>
        {
            ["reporter"] = await KeyAsync("reporter", ConcurrentWriters.Units),
            ["approver"] = await KeyAsync("approver", ConcurrentWriters.Units),
            ["admin"] = TestDatabase.AdminKey,
        };
        var outcomes = await ConcurrentWriters.RunAsync([key => Client(key)], keys, Writers, TimeSpan.FromSeconds(4));
        await using var connection = await Service<Database>().OpenAsync();
        await ConcurrentWriters.VerifyAsync(connection, outcomes, Writers);
    }
}

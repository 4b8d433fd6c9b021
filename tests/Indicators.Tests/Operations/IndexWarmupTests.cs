using System.Net;
using Indicators.Tests.Reliability;
using Indicators.Api.Infrastructure;

namespace Indicators.Tests.Operations;

/// <summary>The attainment index is built when the service starts, before it says it is ready, unless told not to.</summary>
public sealed class IndexWarmupTests
{
    private TestDb _database = null!;

    [SetUp]
    public void CopyTemplate() => _database = TestDatabase.Create("warmup");

    [TearDown]
    public void ReleaseFile() => TestDatabase.ClearPools();

    [TestCase(true)]
    [TestCase(false)]
    public async Task The_index_is_built_before_the_service_is_ready(bool warmOnStart)
    {
        await using var service = await ServiceProcess.StartAsync(_database, "--Logging:LogLevel:Default=Information", $"--Attainment:WarmOnStart={warmOnStart}");
        // StartAsync returned on the first 200 of /health/ready, which waits for the build; the console is written asynchronously.
        for (var waited = 0; waited < 50 && warmOnStart && !service.Output.Contains("Attainment index built in"); waited++) await Task.Delay(100);
        Assert.That(service.Output, warmOnStart ? Does.Contain("Attainment index built in") : Does.Not.Contain("Attainment index built in"));
        Assert.That((await service.Client().GetAsync(ApiRoutes.Attainment + "?year=2025&level=province")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}

namespace Indicators.Bench;

/// <summary>
/// <c>dotnet run -c Release --project tests/Indicators.Bench [-- --scale N] [--quick] [--json FILE]</c>.
/// Not a top-level program: the test project references both this and the service, whose <c>Program</c> it hosts.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            await Benchmark.RunAsync(args, Console.Out);
            return 0;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }
}

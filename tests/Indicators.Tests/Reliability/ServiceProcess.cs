using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Indicators.Tests.Reliability;

/// <summary>
/// The real service (Kestrel, the built Indicators.Api.dll) as a child process on 127.0.0.1, on a SQLite file of the
/// test's choosing. Every wait is bounded; <see cref="Kill"/> is SIGKILL.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What the process wrote, for failure messages (bounded).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Starts the service on the SQLite file <paramref name="databasePath"/>.</summary>
    public static Task<ServiceProcess> StartAsync(string databasePath, params string[] settings) => StartAsync(TestDb.Sqlite(databasePath), settings);

    /// <summary>Starts the service on <paramref name="database"/> with <paramref name="settings"/> (command-line arguments, which override the environment) and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(TestDb database, params string[] settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = StartInfo(address, database);
        foreach (var setting in settings) start.ArgumentList.Add(setting);
        var service = new ServiceProcess(Process.Start(start)!, address);
        service._process.OutputDataReceived += (_, e) => service.Append(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            await service.WaitReadyAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>
    /// Runs the service until it exits by itself, as it does when it cannot start. <paramref name="environment"/> adds
    /// to or replaces the usual variables; without <paramref name="database"/> no connection string is given.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunUntilExitAsync(TestDb? database, IReadOnlyDictionary<string, string> environment)
    {
        var start = StartInfo(new Uri($"http://127.0.0.1:{FreePort()}"), database);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The service did not exit within {StartTimeout.TotalSeconds} s:\n{await output}{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL, no shutdown: what a crash or a power cut looks like to the database.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(10_000)) throw new TimeoutException("The service did not die.");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service was not ready within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 20_000) _output.AppendLine(line);
        }
    }

    /// <summary>The built Indicators.Api.dll in Production, on <paramref name="address"/>, logging warnings and errors only.</summary>
    private static ProcessStartInfo StartInfo(Uri address, TestDb? database)
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { api, "--urls", address.ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
        // In the environment, so a test's own environment or command-line settings can override them.
        if (database is not null)
        {
            start.Environment["Database__Provider"] = database.Provider;
            start.Environment["Database__ConnectionString"] = database.ConnectionString;
        }
        start.Environment["INDICATORS_ADMIN_KEY"] = TestDatabase.AdminKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Notifications__Enabled"] = "false";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

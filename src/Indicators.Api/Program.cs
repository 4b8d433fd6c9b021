using Indicators.Api;
using Indicators.Api.Infrastructure;
using Indicators.Api.Operations;

// The container's HEALTHCHECK runs the service binary itself: the runtime image has no curl.
if (args is ["--health-check", var url]) return await HealthProbe.RunAsync(url);
// A consistent copy of the configured database, taken while the service may be running.
if (args is [DatabaseBackup.Verb, var backupFile, .. var settings]) return await DatabaseBackup.RunAsync(backupFile, settings);

var builder = WebApplication.CreateBuilder(ServiceSetup.Options(args));
builder.AddIndicators(args);

var app = builder.Build();
try
{
    app.UseIndicators();
}
catch (StartupException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
try
{
    app.Run();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // A setting of the wrong shape, found as the host starts: one line too.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
return 0;

/// <summary>Entry point; public so integration tests can host the service.</summary>
public partial class Program;

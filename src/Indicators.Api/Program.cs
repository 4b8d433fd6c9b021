using Indicators.Api;
using Indicators.Api.Infrastructure;

// The container's HEALTHCHECK runs the service binary itself: the runtime image has no curl.
if (args is ["--health-check", var url]) return await HealthProbe.RunAsync(url);

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
app.Run();
return 0;

/// <summary>Entry point; public so integration tests can host the service.</summary>
public partial class Program;

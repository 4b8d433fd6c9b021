using Indicators.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddIndicators(args);

var app = builder.Build();
app.UseIndicators();
app.Run();

/// <summary>Entry point; public so integration tests can host the service.</summary>
public partial class Program;

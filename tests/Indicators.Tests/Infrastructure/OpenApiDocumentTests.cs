namespace Indicators.Tests.Infrastructure;

public sealed class OpenApiDocumentTests : ApiTest
{
    /// <summary>The repository root: the folder holding Indicators.sln.</summary>
    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Indicators.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Indicators.sln not found above the test binaries.");
    }

    [Test]
    public async Task Openapi_yaml_equals_the_generated_document()
    {
        var generated = await Client().GetStringAsync("/swagger/v1/swagger.yaml");
        var path = Path.Combine(RepositoryRoot(), "openapi.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(path, generated);
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.That(committed.ReplaceLineEndings("\n"), Is.EqualTo(generated.ReplaceLineEndings("\n")),
            "openapi.yaml differs from the document the service generates. Regenerate it with: UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests");
    }

    [Test]
    public async Task The_json_document_and_swagger_ui_are_served()
    {
        var json = await Client().GetStringAsync("/swagger/v1/swagger.json");
        Assert.That(json, Does.Contain("\"operationId\": \"ListIndicators\""));
        var ui = await Client().GetAsync("/swagger/index.html");
        Assert.That(ui.IsSuccessStatusCode, Is.True);
    }
}

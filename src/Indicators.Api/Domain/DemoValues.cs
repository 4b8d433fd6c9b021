namespace Indicators.Api.Domain;

/// <summary>How the demo data is told from real data: who wrote it, and the source of its synthetic figures.</summary>
public static class DemoValues
{
    public const string Actor = "demo";

    /// <summary>The source of every synthetic value: they are not real figures, and the API says so.</summary>
    public const string SyntheticSource = "synthetic demo data (not real figures)";
}

namespace Indicators.Api.Domain;

/// <summary>What a save did to a row.</summary>
public enum Change { Created, Updated, Unchanged }

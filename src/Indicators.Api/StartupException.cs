namespace Indicators.Api;

/// <summary>
/// A setting the service cannot start with. Program prints the message as one line on stderr and exits with code 1:
/// the operator needs the fix, not a stack trace.
/// </summary>
public sealed class StartupException(string message) : Exception(message);

namespace AppLauncher.Deploy;

/// <summary>The Procfile's <c>release:</c> command failed: the deploy fails before any traffic moves.</summary>
public sealed class ReleaseCommandFailedException(string message) : Exception(message);

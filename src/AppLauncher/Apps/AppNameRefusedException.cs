namespace AppLauncher.Apps;

/// <summary>An app name the platform will not create (not a DNS label, too long for the template, or reserved); the message says why.</summary>
public sealed class AppNameRefusedException(string message) : Exception(message);

namespace AppLauncher.Apps;

/// <summary>The app cannot be deleted now (a deploy is in progress); the message says what to do.</summary>
public sealed class AppBusyException(string message) : Exception(message);

namespace AppLauncher.Security;

/// <summary>Encrypted values cannot be read: the key file is missing or another one, or a value was altered.</summary>
public sealed class SecretsException(string message) : Exception(message);

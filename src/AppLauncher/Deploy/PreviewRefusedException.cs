namespace AppLauncher.Deploy;

/// <summary>A branch that cannot have a preview (its name makes no host label, or the host is taken); the message says how to fix it.</summary>
public sealed class PreviewRefusedException(string message) : Exception(message);

namespace AppLauncher.Backup;

/// <summary>A backup archive a restore will not use, with what is wrong and what to do; nothing was restored.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

namespace AppLauncher.Backup;

/// <summary>What a restore reads of an archive at most: a zip bomb or a runaway archive stops here, before the disk fills.</summary>
public sealed record BackupLimits(long MaxBytes, int MaxEntries)
{
    /// <summary>8 GiB unpacked and 10,000 entries (a bundle per app): far above a real installation, far below a full disk.</summary>
    public static BackupLimits Default { get; } = new(8L * 1024 * 1024 * 1024, 10_000);
}

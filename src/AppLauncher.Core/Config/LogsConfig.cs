namespace AppLauncher.Core.Config;

/// <summary>How much of the apps' output is kept, in the data directory (<c>logs/&lt;app&gt;/</c>), and how long.</summary>
public sealed class LogsConfig
{
    /// <summary>Per app, the output kept at most (rotating segment files; the oldest goes first).</summary>
    public string MaxSizePerApp { get; set; } = "50Mi";

    /// <summary>Output older than this many days is removed.</summary>
    public int MaxAgeDays { get; set; } = 7;

    /// <summary>A longer line is cut to this many bytes and marked <c>… [line cut: N bytes]</c>.</summary>
    public int MaxLineBytes { get; set; } = 16 * 1024;

    /// <summary>Per app, the build logs of this many latest builds are kept.</summary>
    public int BuildsKept { get; set; } = 50;
}

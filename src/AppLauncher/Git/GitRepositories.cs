using System.Diagnostics;

namespace AppLauncher.Git;

/// <summary>The bare repositories apps are pushed to, one per app, each with AppLauncher's pre-receive hook.</summary>
internal sealed class GitRepositories(string root)
{
    public string Root { get; } = root;

    public string PathOf(string app) => Path.Combine(Root, app + ".git");

    public bool Exists(string app) => Directory.Exists(PathOf(app));

    /// <summary>Removes the app's repository (a deleted app); nothing when there is none.</summary>
    public void Delete(string app)
    {
        var path = PathOf(app);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>Creates the app's bare repository if needed and (re)writes its hook, so hook changes apply to old repositories too.</summary>
    public async Task<string> EnsureAsync(string app, string deployBranch, CancellationToken cancellationToken)
    {
        var path = PathOf(app);
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(Root);
            await RunGitAsync(["init", "--bare", "--quiet", $"--initial-branch={deployBranch}", path], cancellationToken);
        }

        var hook = Path.Combine(path, "hooks", "pre-receive");
        if (!File.Exists(hook) || await File.ReadAllTextAsync(hook, cancellationToken) != PreReceiveHook.Script)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
            await File.WriteAllTextAsync(hook, PreReceiveHook.Script, cancellationToken);
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        return path;
    }

    private static async Task RunGitAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {args[0]} failed: {await error}");
        }
    }
}

namespace AppLauncher.Core.Detect;

/// <summary>The package manager a Node.js project uses, chosen by its lockfile (npm when there is none).</summary>
public sealed record NodePackageManager(string Name, string? Lockfile)
{
    /// <summary>Lockfiles in the order they are looked for.</summary>
    public static readonly IReadOnlyList<(string Lockfile, string Manager)> Lockfiles =
    [
        ("pnpm-lock.yaml", "pnpm"),
        ("yarn.lock", "yarn"),
        ("package-lock.json", "npm"),
        ("npm-shrinkwrap.json", "npm"),
    ];

    public static NodePackageManager Detect(ISourceTree tree)
    {
        foreach (var (lockfile, manager) in Lockfiles)
        {
            if (tree.Exists(lockfile))
            {
                return new NodePackageManager(manager, lockfile);
            }
        }

        return new NodePackageManager("npm", null);
    }

    /// <summary>
    /// Installs exactly what the lockfile says. Without a build script, dev dependencies are never installed;
    /// with one they are (the build needs them) and <see cref="PruneCommand"/> removes them afterwards.
    /// </summary>
    public string InstallCommand(bool hasBuild) => (Name, Lockfile is not null, hasBuild) switch
    {
        ("pnpm", _, true) => "pnpm install --frozen-lockfile",
        ("pnpm", _, false) => "pnpm install --frozen-lockfile --prod",
        ("yarn", _, true) => "yarn install --frozen-lockfile --non-interactive",
        ("yarn", _, false) => "yarn install --frozen-lockfile --non-interactive --production",
        (_, true, true) => "npm ci",
        (_, true, false) => "npm ci --omit=dev",
        (_, false, true) => "npm install",
        _ => "npm install --omit=dev",
    };

    /// <summary>Removes dev dependencies after the build script ran.</summary>
    public string PruneCommand => Name switch
    {
        "pnpm" => "pnpm prune --prod",
        "yarn" => "yarn install --frozen-lockfile --non-interactive --production --ignore-scripts --prefer-offline",
        _ => "npm prune --omit=dev",
    };
}

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
    /// Installs exactly what the lockfile says, dev dependencies included, always: a build script, a <c>postinstall</c> or a
    /// <c>prepare</c> that compiles TypeScript needs them. <see cref="PruneCommand"/> removes them once the build ran.
    /// </summary>
    public string InstallCommand => (Name, Lockfile is not null) switch
    {
        ("pnpm", _) => "pnpm install --frozen-lockfile",
        ("yarn", _) => "yarn install --frozen-lockfile --non-interactive",
        (_, true) => "npm ci",
        _ => "npm install",
    };

    /// <summary>Removes dev dependencies after the build (or, without a build script, right after the install).</summary>
    public string PruneCommand => Name switch
    {
        "pnpm" => "pnpm prune --prod",
        "yarn" => "yarn install --frozen-lockfile --non-interactive --production --ignore-scripts --prefer-offline",
        _ => "npm prune --omit=dev",
    };
}

namespace AppLauncher.Build;

/// <summary>The buildpacks directory: one folder per buildpack, each with its Dockerfile template. Read on each build, so edits apply without a restart.</summary>
internal sealed class BuildpackCatalog(string directory)
{
    public const string TemplateFile = "Dockerfile.template";

    public string Directory { get; } = directory;

    /// <summary>The buildpack's template, or null when the folder or the file is missing.</summary>
    public async Task<string?> TemplateAsync(string buildpack, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, buildpack, TemplateFile);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
    }
}

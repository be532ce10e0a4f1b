using System.Diagnostics;

namespace AppLauncher.Testing;

/// <summary>
/// Runs tests/k8s-validator (node + the npm package kubernetes-models, whose validators are compiled from the Kubernetes
/// OpenAPI schema) on multi-document YAML. Installs its packages with <c>npm ci</c> from the committed lock file once.
/// Shared by the test projects (linked into each).
/// </summary>
internal static class KubernetesSchemaValidator
{
    private static readonly string Folder = Path.Combine(FindRoot(), "tests", "k8s-validator");
    private static readonly Lazy<Task> Install = new(InstallAsync);

    /// <summary>Exit code (0: every document valid) and one line per document.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(string yaml)
    {
        await Install.Value;
        var (code, output) = await RunAsync("node", ["validate.mjs"], yaml);
        return (code, output);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AppLauncher.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AppLauncher.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task InstallAsync()
    {
        if (File.Exists(Path.Combine(Folder, "node_modules", "kubernetes-models", "package.json")))
        {
            return;
        }

        var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], null);
        if (code != 0)
        {
            throw new InvalidOperationException($"npm ci in {Folder} failed ({code}):\n{output}");
        }
    }

    private static async Task<(int, string)> RunAsync(string file, string[] arguments, string? stdin)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

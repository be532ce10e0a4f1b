namespace AppLauncher.Tests;

/// <summary>The checkout's root, found by walking up to AppLauncher.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AppLauncher.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AppLauncher.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace AppLauncher.Store;

/// <summary>Every revision name comes from here: <c>{app}-{number:D5}</c>.</summary>
public static class RevisionNames
{
    public static string For(string app, int number) => $"{app}-{number:D5}";
}

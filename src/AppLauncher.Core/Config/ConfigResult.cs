namespace AppLauncher.Core.Config;

/// <summary>A parsed configuration, or the errors that stop it being used.</summary>
public sealed record ConfigResult<T>(T? Value, IReadOnlyList<ConfigError> Errors)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}

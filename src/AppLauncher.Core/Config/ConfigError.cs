namespace AppLauncher.Core.Config;

/// <summary>One problem in a configuration file: where it is, which field, and what was expected.</summary>
public sealed record ConfigError(string File, int? Line, string Field, string Message)
{
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        return string.IsNullOrEmpty(Field) ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}

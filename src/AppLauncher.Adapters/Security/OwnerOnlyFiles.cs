namespace AppLauncher.Security;

/// <summary>
/// Directories and files only the server's user may read (the data directory, the admin token, secrets.key), each
/// created with its final mode: there is no moment when another user could open them.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700; an existing directory is left as it is.</summary>
    public static void CreateDirectory(string path) => Directory.CreateDirectory(path, DirectoryMode);

    /// <summary>
    /// Creates AppLauncher's own directory with mode 0700, or narrows it to 0700 when it exists with a wider mode
    /// (data directories made by older versions were 0755; nothing inside is for other users).
    /// </summary>
    public static void CreateOrNarrowDirectory(string path)
    {
        CreateDirectory(path);
        if ((File.GetUnixFileMode(path) & ~DirectoryMode) != 0)
        {
            File.SetUnixFileMode(path, DirectoryMode);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> through a new file created with mode 0600 (never wider,
    /// whatever the umask) and renamed over the old one, so a reader sees the old content or the new, never a mix.
    /// </summary>
    public static void WriteAllText(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Create(temporary, stream =>
            {
                using var writer = new StreamWriter(stream);
                writer.Write(text);
            });
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Creates a new file (failing if it exists) with mode 0600 from the start and lets <paramref name="write"/> fill it.</summary>
    public static void Create(string path, Action<FileStream> write)
    {
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = FileMode,
        };
        using var stream = new FileStream(path, options);
        write(stream);
    }
}

using System.Text;

namespace AppLauncher.Cli;

/// <summary>
/// Reads a secret's value from standard input, so it is never in argv (shell history, <c>ps</c>): one line when input
/// is piped, or typed at a prompt without echo on a terminal.
/// </summary>
internal static class SecretInput
{
    public static string Read(string key) =>
        Read($"Value of {key} (not shown): ",
            $"no value for {key} on standard input: pipe it in, e.g. printf '%s\\n' \"$VALUE\" | launcher config set --secret <app> {key}",
            $"no value typed for {key}: nothing was changed");

    /// <summary>One line from piped input, or typed after <paramref name="prompt"/> (on stderr) without echo.</summary>
    public static string Read(string prompt, string nothingPiped, string nothingTyped)
    {
        if (Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine() ?? throw new CliException(nothingPiped);
            return line.TrimEnd('\r');
        }

        Console.Error.Write(prompt);
        var value = new StringBuilder();
        while (true)
        {
            var typed = Console.ReadKey(intercept: true);
            if (typed.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (typed.Key == ConsoleKey.Backspace)
            {
                value.Length = Math.Max(0, value.Length - 1);
            }
            else if (!char.IsControl(typed.KeyChar))
            {
                value.Append(typed.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return value.Length > 0 ? value.ToString() : throw new CliException(nothingTyped);
    }
}

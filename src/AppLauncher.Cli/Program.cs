using AppLauncher.Cli;
using Spectre.Console;

// Piped or redirected output (scripts, CI logs) gets plain text, and tables as wide as they need.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(Console.Out),
    });
    AnsiConsole.Profile.Width = 240;
}

return await LauncherCommands.Build().Parse(args).InvokeAsync();

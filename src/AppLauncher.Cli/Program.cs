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

// No response files: '@latest=10' is a traffic share, not a file to read arguments from.
var parsing = new System.CommandLine.ParserConfiguration { ResponseFileTokenReplacer = null };
return await LauncherCommands.Build().Parse(args, parsing).InvokeAsync();

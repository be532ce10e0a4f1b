using AppLauncher.Cli;

return await LauncherCommands.Build().Parse(args).InvokeAsync();

using AppLauncher.Settings;
using System.Collections;
using AppLauncher.Hosting;
using AppLauncher.Security;

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
var (settings, errors) = LauncherSettingsLoader.Load(environment);
if (settings is null)
{
    Console.Error.WriteLine("AppLauncher cannot start: the configuration is not valid.");
    errors.ToList().ForEach(e => Console.Error.WriteLine($"  {e}"));
    return 2;
}

if (args is ["store", ..])
{
    try
    {
        return await StoreCopyCommand.RunAsync(settings, args, Console.Out, Console.Error);
    }
    catch (Exception e) when (e is SecretsException or AppLauncher.Store.StoreException)
    {
        Console.Error.WriteLine($"store copy failed: {e.Message}");
        return 2;
    }
}

if (ListenerPreflight.FindTaken(settings) is { } taken)
{
    Console.Error.WriteLine($"AppLauncher cannot start: {taken}");
    return 2;
}

WebApplication app;
try
{
    app = await LauncherApp.CreateAsync(settings, args);
}
catch (Exception e) when (e is SecretsException or AppLauncher.Store.StoreException or AppLauncher.Identity.IdentityConfigException or AppLauncher.Certificates.CertificateFileException)
{
    Console.Error.WriteLine($"AppLauncher cannot start: {e.Message}");
    return 2;
}

try
{
    await app.StartAsync();
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    Console.Error.WriteLine($"AppLauncher cannot start: {e.Message.TrimEnd('.')}: another process listens there. Stop it, or choose another port " +
        "(server.listen or LAUNCHER_LISTEN for HTTP, tls.listen or LAUNCHER_TLS_LISTEN for HTTPS).");
    return 2;
}

StartupBanner.Print(settings, Console.Out);
await app.WaitForShutdownAsync();
return 0;

/// <summary>The entry point; public so tests can reference the assembly's host.</summary>
public partial class Program;

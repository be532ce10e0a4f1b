using AppLauncher.Settings;
using AppLauncher.Core.Config;
using AppLauncher.Security;

namespace AppLauncher.Hosting;

/// <summary>Reads the platform's <c>launcher.yaml</c> and the environment overrides; a bad file stops start-up with its errors.</summary>
public static class LauncherSettingsLoader
{
    public const string TokenFile = "admin-token";

    /// <summary>Resolves settings, or returns the errors that stop start-up.</summary>
    public static (LauncherSettings? Settings, IReadOnlyList<string> Errors) Load(IReadOnlyDictionary<string, string?> environment)
    {
        var file = environment.GetValueOrDefault("LAUNCHER_CONFIG") is { Length: > 0 } configured ? configured : "launcher.yaml";
        PlatformConfig config;
        if (File.Exists(file))
        {
            var result = YamlConfigReader<PlatformConfig>.Read(File.ReadAllText(file), file, new PlatformConfigValidator());
            if (!result.IsValid)
            {
                return (null, result.Errors.Select(e => e.ToString()).ToList());
            }

            config = result.Value!;
        }
        else if (environment.ContainsKey("LAUNCHER_CONFIG"))
        {
            return (null, [$"{file}: the configuration file named by LAUNCHER_CONFIG does not exist"]);
        }
        else
        {
            config = new PlatformConfig();
        }

        // Environment overrides win over the file, and are validated like it.
        if (environment.GetValueOrDefault("LAUNCHER_DATA") is { Length: > 0 } data)
        {
            config.DataDirectory = data;
        }

        if (environment.GetValueOrDefault("LAUNCHER_LISTEN") is { Length: > 0 } listen)
        {
            config.Server.Listen = listen;
        }

        // LAUNCHER_TLS_LISTEN: the HTTPS listener's URL, or "off" for none.
        if (environment.GetValueOrDefault("LAUNCHER_TLS_LISTEN") is { Length: > 0 } tlsListen)
        {
            config.Tls.Enabled = tlsListen != "off";
            config.Tls.Listen = config.Tls.Enabled ? tlsListen : config.Tls.Listen;
        }

        // LAUNCHER_DATABASE_URL (postgres://…) chooses the PostgreSQL store; the store reads the URL when it opens.
        if (environment.GetValueOrDefault("LAUNCHER_DATABASE_URL") is { Length: > 0 } databaseUrl)
        {
            config.Store.Provider = Core.Config.StoreConfig.Postgres;
            config.Store.ConnectionString = databaseUrl;
        }

        // LAUNCHER_DNS_PORT turns the embedded DNS server on at that port; a value that is not a port fails validation below.
        if (environment.GetValueOrDefault("LAUNCHER_DNS_PORT") is { Length: > 0 } dnsPort)
        {
            config.Dns.Enabled = true;
            config.Dns.Port = int.TryParse(dnsPort, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : -1;
        }

        var check = new PlatformConfigValidator().Validate(config);
        if (!check.IsValid)
        {
            return (null, check.Errors.Select(e => $"{file} (with LAUNCHER_* overrides): {YamlConfigReader<PlatformConfig>.ToYamlPath(e.PropertyName)}: {e.ErrorMessage}").ToList());
        }

        if (config.Store.Provider == Core.Config.StoreConfig.Postgres)
        {
            try
            {
                Store.PostgresConnectionString.Parse(config.Store.ConnectionString!);
            }
            catch (Store.StoreException e)
            {
                var source = environment.GetValueOrDefault("LAUNCHER_DATABASE_URL") is { Length: > 0 } ? "LAUNCHER_DATABASE_URL" : $"{file}: store.connectionString";
                return (null, [$"{source}: {e.Message}"]);
            }
        }

        if (config.Runtime.Kind == "kubernetes")
        {
            try
            {
                Runtime.Kubernetes.KubeconfigLoader.Load(config.Runtime.Kubernetes.Kubeconfig);
            }
            catch (Runtime.Kubernetes.KubernetesConfigException e)
            {
                return (null, [$"{file}: runtime.kubernetes.kubeconfig: {e.Message}"]);
            }
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var dataDirectory = Path.GetFullPath(config.DataDirectory);
        var buildpacks = Path.GetFullPath(Path.Combine(baseDirectory, config.BuildpacksDirectory));
        OwnerOnlyFiles.CreateOrNarrowDirectory(dataDirectory);

        var (token, generated) = ResolveToken(environment.GetValueOrDefault("LAUNCHER_ADMIN_TOKEN"), dataDirectory);
        return (new LauncherSettings(config, file, dataDirectory, buildpacks, new AdminToken(token), generated), []);
    }

    /// <summary>LAUNCHER_ADMIN_TOKEN wins; otherwise the token kept in the data directory, made on first start.</summary>
    private static (string Token, bool Generated) ResolveToken(string? configured, string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, TokenFile);
        if (configured is { Length: > 0 })
        {
            WriteToken(path, configured);
            return (configured, false);
        }

        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept)
        {
            return (kept, false);
        }

        var token = AdminToken.Generate();
        WriteToken(path, token);
        return (token, true);
    }

    /// <summary>The CLI on this machine reads the token from here; only the owner may read it.</summary>
    private static void WriteToken(string path, string token)
    {
        OwnerOnlyFiles.WriteAllText(path, token + "\n");
    }
}

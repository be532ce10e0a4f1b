namespace AppLauncher.Core.Config;

/// <summary>The platform's own configuration: the root <c>launcher.yaml</c>. Defaults sit in the initialisers.</summary>
public sealed class PlatformConfig
{
    public ServerConfig Server { get; set; } = new();

    /// <summary>The HTTPS listener, its redirects and HSTS.</summary>
    public TlsConfig Tls { get; set; } = new();

    /// <summary>Base domain apps are named under: <c>{app}.{domain}</c>.</summary>
    public string Domain { get; set; } = "localhost";

    /// <summary>Directory for state (store, git repositories). Relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Directory holding one folder per buildpack. Relative paths are taken from the configuration file's directory.</summary>
    public string BuildpacksDirectory { get; set; } = "buildpacks";

    public StoreConfig Store { get; set; } = new();

    public RuntimeConfig Runtime { get; set; } = new();

    public BuildConfig Build { get; set; } = new();

    public DeployConfig Deploy { get; set; } = new();

    /// <summary>Which images and containers the platform removes, and how often it looks.</summary>
    public GcConfig Gc { get; set; } = new();

    /// <summary>The apps' output and build logs: how much is kept, and how long.</summary>
    public LogsConfig Logs { get; set; } = new();

    /// <summary>The git endpoints pushes go to.</summary>
    public GitConfig Git { get; set; } = new();

    /// <summary>Apps connected to repositories elsewhere: fetch timeout, polling floor, webhook replay memory.</summary>
    public RemotesConfig Remotes { get; set; } = new();

    /// <summary>Rebuilds of apps whose stack image changed: when the check runs, and what rebuilds the stacks first.</summary>
    public RebuildConfig Rebuild { get; set; } = new();

    /// <summary>Platform-wide bounds on scaling: the per-app default max and the platform's instance cap.</summary>
    public AutoscalingConfig Autoscaling { get; set; } = new();

    /// <summary>What the proxy takes from clients: which peers' X-Forwarded-* headers it keeps.</summary>
    public ProxyConfig Proxy { get; set; } = new();

    /// <summary>How apps are named: templates and reserved names.</summary>
    public DomainsConfig Domains { get; set; } = new();

    /// <summary>The embedded DNS server, registration in an external DNS server, and the resolver custom domains are checked with.</summary>
    public DnsConfig Dns { get; set; } = new();

    /// <summary>Certificates from an ACME server for app domains, verified custom domains and the platform's wildcard.</summary>
    public AcmeConfig Acme { get; set; } = new();

    /// <summary>Who may log in besides token holders: the company directory (LDAP).</summary>
    public IdentityConfig Identity { get; set; } = new();

    /// <summary>Metrics at <c>GET /metrics</c> (Prometheus text format), on or off.</summary>
    public MetricsConfig Metrics { get; set; } = new();

    /// <summary>Alert rules on metrics and events, sent to webhooks.</summary>
    public AlertsConfig Alerts { get; set; } = new();

    /// <summary>Base images builds run on and apps run on, per buildpack.</summary>
    public Dictionary<string, StackConfig> Stacks { get; set; } = new()
    {
        ["node"] = new StackConfig { Build = "launcher/stack-node-build:latest", Run = "launcher/stack-node-run:latest" },
        ["python"] = new StackConfig { Build = "launcher/stack-python-build:latest", Run = "launcher/stack-python-run:latest" },
        ["go"] = new StackConfig { Build = "launcher/stack-go-build:latest", Run = "launcher/stack-go-run:latest" },
        ["dotnet"] = new StackConfig { Build = "launcher/stack-dotnet-build:latest", Run = "launcher/stack-dotnet-run:latest" },
        ["java"] = new StackConfig { Build = "launcher/stack-java-build:latest", Run = "launcher/stack-java-run:latest" },
        ["static"] = new StackConfig { Build = "launcher/stack-base:latest", Run = "launcher/stack-static-run:latest" },
    };
}

/// <summary>Where the server listens.</summary>
public sealed class ServerConfig
{
    /// <summary>HTTP listener for the control plane (git, API) and the proxy. <c>localhost</c> binds 127.0.0.1 and ::1.</summary>
    public string Listen { get; set; } = "http://localhost:8080";
}

/// <summary>The state store.</summary>
public sealed class StoreConfig
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (embedded default: a file in the data directory) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>For <c>postgres</c>: an Npgsql connection string or a <c>postgres://user:password@host:port/database</c> URL (<c>LAUNCHER_DATABASE_URL</c> overrides it).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long the server waits at start for a database it cannot reach yet, retrying with back-off (0: fail at once).</summary>
    public int StartTimeoutSeconds { get; set; } = 60;
}

/// <summary>Where app instances run.</summary>
public sealed class RuntimeConfig
{
    /// <summary><c>docker</c> (embedded default) or <c>kubernetes</c>.</summary>
    public string Kind { get; set; } = "docker";

    public DockerConfig Docker { get; set; } = new();

    public KubernetesConfig Kubernetes { get; set; } = new();
}

/// <summary>The Docker Engine that builds images and runs instances.</summary>
public sealed class DockerConfig
{
    /// <summary>The engine's unix socket.</summary>
    public string Socket { get; set; } = "/var/run/docker.sock";

    /// <summary>How app containers are confined: capabilities, privileges, pids, CPU and memory, read-only root, user.</summary>
    public ContainmentConfig Containment { get; set; } = new();
}

/// <summary>How images are built.</summary>
public sealed class BuildConfig
{
    /// <summary>CA bundle injected into every build, so package registries behind a TLS-intercepting proxy work.</summary>
    public string CaBundle { get; set; } = "/etc/ssl/certs/ca-certificates.crt";

    /// <summary>A build running longer than this fails.</summary>
    public int TimeoutSeconds { get; set; } = 900;

    /// <summary>Lines of build output shown again when a build fails.</summary>
    public int FailureLogLines { get; set; } = 50;

    /// <summary>
    /// Network of build steps: <c>isolated</c> (AppLauncher's own bridge network, <see cref="Network"/>: package
    /// registries yes, this host's services no), <c>none</c> (no network at all), or <c>host</c> (the machine's own
    /// network: a build reaches the control plane, every app and every service on loopback; an explicit opt-in).
    /// </summary>
    public string NetworkMode { get; set; } = "isolated";

    /// <summary>Name of the bridge network AppLauncher creates for <c>isolated</c> builds (no traffic between its containers).</summary>
    public string Network { get; set; } = "launcher-build";

    /// <summary>
    /// With <c>isolated</c> builds: refuse, in the host's firewall (an iptables INPUT rule on the network's bridge), every
    /// packet from a build to this host itself, so services listening on all addresses are out of reach too. Needs root.
    /// </summary>
    public bool BlockHostServices { get; set; } = true;

    /// <summary>Builds that run at once; the others wait in the queue.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Builds that may wait for a slot; a push past it is refused at once.</summary>
    public int MaxQueued { get; set; } = 20;

    /// <summary>Memory limit of each build step, as a quantity (<c>512Mi</c>, <c>2Gi</c>).</summary>
    public string Memory { get; set; } = "2Gi";

    /// <summary>CPU limit of each build step, in cores (<c>0.5</c>, <c>2</c>).</summary>
    public double Cpus { get; set; } = 2;
}

/// <summary>Image garbage collection: what stays, and how often the rest is removed.</summary>
public sealed class GcConfig
{
    /// <summary>Images of this many latest revisions per app stay (rollback works inside them), besides every image a served revision uses.</summary>
    public int KeepRevisions { get; set; } = 10;

    /// <summary>Minutes between two scheduled collections (one also runs after each successful deploy).</summary>
    public int IntervalMinutes { get; set; } = 60;
}

/// <summary>
/// Stack rebuilds: on <see cref="Schedule"/>, <see cref="StacksCommand"/> (when set) rebuilds the stack images, then
/// every app whose current revision was built on a stack image that changed is rebuilt from its commit and released.
/// </summary>
public sealed class RebuildConfig
{
    /// <summary>The named schedules and the 5-field cron expressions they stand for (UTC).</summary>
    public static readonly IReadOnlyDictionary<string, string> Named = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["weekly"] = "0 4 * * 0",
        ["daily"] = "0 4 * * *",
    };

    /// <summary><c>weekly</c> (Sunday 04:00 UTC), <c>daily</c> (04:00 UTC), <c>off</c>, or a 5-field cron expression in UTC.</summary>
    public string Schedule { get; set; } = "weekly";

    /// <summary>A command run (through <c>sh -c</c>, in the server's directory) before each scheduled check, e.g. <c>scripts/stacks --force</c>; empty: none.</summary>
    public string StacksCommand { get; set; } = "";

    /// <summary>How long <see cref="StacksCommand"/> may run.</summary>
    public int StacksTimeoutMinutes { get; set; } = 60;

    /// <summary>Check as soon as a configured stack image is tagged anew (scripts/stacks, docker build -t), besides the schedule.</summary>
    public bool OnStackBuild { get; set; } = true;

    /// <summary>Rebuilds that may wait; past it a request is refused (they run one at a time).</summary>
    public int MaxQueued { get; set; } = 500;

    /// <summary>The cron expression <see cref="Schedule"/> stands for; null for <c>off</c>.</summary>
    public string? Cron => Schedule == "off" ? null : Named.TryGetValue(Schedule, out var cron) ? cron : Schedule;
}

/// <summary>How a release goes live.</summary>
public sealed class DeployConfig
{
    /// <summary>The branch whose pushes deploy.</summary>
    public string Branch { get; set; } = "main";

    /// <summary>How long a new instance has to answer on its port before the deploy fails.</summary>
    public int ReadyTimeoutSeconds { get; set; } = 60;

    /// <summary>How long an old instance may take to finish in-flight requests once traffic has moved.</summary>
    public int DrainTimeoutSeconds { get; set; } = 30;

    /// <summary>Time between SIGTERM and SIGKILL when an instance stops.</summary>
    public int StopGraceSeconds { get; set; } = 10;

    /// <summary>The port apps are told to listen on (the <c>PORT</c> variable) inside their container.</summary>
    public int AppPort { get; set; } = 8080;
}

/// <summary>The images one buildpack builds on and runs on.</summary>
public sealed class StackConfig
{
    public string Build { get; set; } = "";

    public string Run { get; set; } = "";
}

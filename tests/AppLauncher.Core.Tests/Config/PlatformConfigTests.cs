using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

public sealed class PlatformConfigTests
{
    private static ConfigResult<PlatformConfig> Read(string yaml) =>
        YamlConfigReader<PlatformConfig>.Read(yaml, "launcher.yaml", new PlatformConfigValidator());

    [Fact]
    public void Read_RepositoryLauncherYaml_IsValidAndEqualsTheEmbeddedDefaults()
    {
        var result = Read(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "launcher.yaml")));
        var defaults = new PlatformConfig();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Value!;
        Assert.Equal(defaults.Server.Listen, config.Server.Listen);
        Assert.Equal(defaults.Domain, config.Domain);
        Assert.Equal(defaults.DataDirectory, config.DataDirectory);
        Assert.Equal(defaults.Runtime.Kind, config.Runtime.Kind);
        Assert.Equal(defaults.Store.Provider, config.Store.Provider);
        Assert.Equal(defaults.Deploy.ReadyTimeoutSeconds, config.Deploy.ReadyTimeoutSeconds);
        Assert.Equal(defaults.Stacks["node"].Run, config.Stacks["node"].Run);
        Assert.Equal((defaults.Build.Concurrency, defaults.Build.MaxQueued, defaults.Build.Memory, defaults.Build.Cpus), (config.Build.Concurrency, config.Build.MaxQueued, config.Build.Memory, config.Build.Cpus));
        Assert.Equal((defaults.Gc.KeepRevisions, defaults.Gc.IntervalMinutes), (config.Gc.KeepRevisions, config.Gc.IntervalMinutes));
        Assert.Equal((defaults.Rebuild.Schedule, defaults.Rebuild.StacksCommand, defaults.Rebuild.StacksTimeoutMinutes, defaults.Rebuild.MaxQueued, defaults.Rebuild.OnStackBuild),
            (config.Rebuild.Schedule, config.Rebuild.StacksCommand, config.Rebuild.StacksTimeoutMinutes, config.Rebuild.MaxQueued, config.Rebuild.OnStackBuild));
        Assert.Equal((defaults.Logs.MaxSizePerApp, defaults.Logs.MaxAgeDays, defaults.Logs.MaxLineBytes, defaults.Logs.BuildsKept), (config.Logs.MaxSizePerApp, config.Logs.MaxAgeDays, config.Logs.MaxLineBytes, config.Logs.BuildsKept));
        Assert.Equal(defaults.Autoscaling.PlatformMaxInstances, config.Autoscaling.PlatformMaxInstances);
        Assert.Equal(defaults.Autoscaling.MaxInstancesPerApp, config.Autoscaling.MaxInstancesPerApp);
        Assert.Equal(defaults.Runtime.Docker.Containment.PidsLimit, config.Runtime.Docker.Containment.PidsLimit);
        Assert.Equal(defaults.Runtime.Docker.Containment.NonRootUser, config.Runtime.Docker.Containment.NonRootUser);
    }

    [Theory]
    [InlineData("weekly", "0 4 * * 0")]
    [InlineData("daily", "0 4 * * *")]
    [InlineData("off", null)]
    [InlineData("30 2 * * 1-5", "30 2 * * 1-5")]
    public void Rebuild_Schedule_NamesACronExpression(string schedule, string? cron)
    {
        var result = Read($"rebuild:\n  schedule: \"{schedule}\"\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(cron, result.Value!.Rebuild.Cron);
    }

    [Fact]
    public void Read_EmptyFile_GivesDefaults()
    {
        var result = Read("");

        Assert.True(result.IsValid);
        Assert.Equal("localhost", result.Value!.Domain);
    }

    [Theory]
    [InlineData("server:\n  listen: ftp://x:21\n", 2, "server.listen", "http://")]
    [InlineData("server:\n  listen: http://localhost\n", 2, "server.listen", "with a port")]
    [InlineData("domain: Apps_Example.com\n", 1, "domain", "not a domain name")]
    [InlineData("runtime:\n  kind: nomad\n", 2, "runtime.kind", "expected one of: docker")]
    [InlineData("# c\ndeploy:\n  branch: main\n  readyTimeoutSeconds: 0\n", 4, "deploy.readyTimeoutSeconds", "between 1 and 3600")]
    [InlineData("build:\n  networkMode: weird\n", 2, "build.networkMode", "isolated (the default")]
    [InlineData("build:\n  networkMode: bridge\n", 2, "build.networkMode", "none, host")]
    [InlineData("build:\n  network: host\n", 2, "build.network", "not a name for AppLauncher's own build network")]
    [InlineData("build:\n  network: \"launcher build\"\n", 2, "build.network", "letters, digits")]
    [InlineData("stacks:\n  node:\n    build: b\n", 2, "stacks.node.run", "is required")]
    [InlineData("build:\n  concurrency: 0\n", 2, "build.concurrency", "between 1 and 64")]
    [InlineData("build:\n  maxQueued: -1\n", 2, "build.maxQueued", "between 0")]
    [InlineData("build:\n  memory: lots\n", 2, "build.memory", "512Mi or 2Gi")]
    [InlineData("build:\n  memory: 1Mi\n", 2, "build.memory", "between 64Mi and 1Ti")]
    [InlineData("build:\n  cpus: 0\n", 2, "build.cpus", "between 0.1 and 256")]
    [InlineData("gc:\n  keepRevisions: 0\n", 2, "gc.keepRevisions", "between 1 and 1000")]
    [InlineData("rebuild:\n  schedule: monthly\n", 2, "rebuild.schedule", "weekly, daily, off or a 5-field cron expression")]
    [InlineData("rebuild:\n  schedule: \"0 25 * * *\"\n", 2, "rebuild.schedule", "hour")]
    [InlineData("rebuild:\n  maxQueued: 0\n", 2, "rebuild.maxQueued", "between 1 and 100000")]
    [InlineData("logs:\n  maxSizePerApp: lots\n", 2, "logs.maxSizePerApp", "not a size between 64Ki and 1Ti: write e.g. 50Mi")]
    [InlineData("logs:\n  maxSizePerApp: 1Ki\n", 2, "logs.maxSizePerApp", "between 64Ki and 1Ti")]
    [InlineData("logs:\n  maxAgeDays: 0\n", 2, "logs.maxAgeDays", "between 1 and 3650 days")]
    [InlineData("logs:\n  maxLineBytes: 10\n", 2, "logs.maxLineBytes", "between 256 and 1048576 bytes")]
    [InlineData("logs:\n  buildsKept: 0\n", 2, "logs.buildsKept", "between 1 and 10000")]
    [InlineData("gc:\n  intervalMinutes: -5\n", 2, "gc.intervalMinutes", "0 (only after deploys)")]
    [InlineData("autoscaling:\n  platformMaxInstances: -1\n", 2, "autoscaling.platformMaxInstances", "between 0 (no cap) and 100000")]
    [InlineData("autoscaling:\n  maxInstancesPerApp: 20000\n", 2, "autoscaling.maxInstancesPerApp", "between 0 (no default) and 10000")]
    [InlineData("runtime:\n  docker:\n    containment:\n      pidsLimit: -5\n", 4, "runtime.docker.containment.pidsLimit", "between 0 (no limit)")]
    [InlineData("runtime:\n  docker:\n    containment:\n      nonRootUser: \"0:0\"\n", 4, "runtime.docker.containment.nonRootUser", "other than root")]
    [InlineData("runtime:\n  docker:\n    containment:\n      tmpSize: lots\n", 4, "runtime.docker.containment.tmpSize", "like 64m")]
    [InlineData("runtime:\n  docker:\n    containment:\n      network: host\n", 4, "runtime.docker.containment.network", "not one of Docker's own")]
    [InlineData("runtime:\n  docker:\n    containment:\n      network: Apps Net\n", 4, "runtime.docker.containment.network", "Docker network name")]
    [InlineData("proxy:\n  trustedProxies:\n    - 127.0.0.1\n    - 10.0.0.0/33\n", 4, "proxy.trustedProxies[1]", "prefix length that is not a number from 0 to 32")]
    [InlineData("proxy:\n  trustedProxies: [lb.internal]\n", 2, "proxy.trustedProxies[0]", "not an IP address or CIDR range")]
    [InlineData("proxy:\n  trustedProxies: [10.1.2.3/8]\n", 2, "proxy.trustedProxies[0]", "e.g. 10.0.0.0/8")]
    [InlineData("identity:\n  ldap:\n    url: ldap://h:389\n    groupBase: ou=g,dc=x\n", 2, "identity.ldap.userDn", "or leave it out and set userBase")]
    [InlineData("identity:\n  ldap:\n    url: ldap://h:389\n    groupBase: ou=g,dc=x\n    userDn: uid={user},dc=x\n    userBase: ou=p,dc=x\n", 6, "identity.ldap.userBase", "not both")]
    [InlineData("identity:\n  ldap:\n    url: ldap://h:389\n    groupBase: ou=g,dc=x\n    userBase: ou=p,dc=x\n    bindDn: cn=svc,dc=x\n", 2, "identity.ldap.bindPasswordFile", "service account's password")]
    [InlineData("identity:\n  ldap:\n    url: ldap://h:389\n    groupBase: ou=g,dc=x\n    userBase: ou=p,dc=x\n    bindDn: svc\n    bindPasswordFile: /p\n", 6, "identity.ldap.bindDn", "not a DN")]
    [InlineData("identity:\n  ldap:\n    url: ldap://h:389\n    groupBase: ou=g,dc=x\n    userBase: ou=p,dc=x\n    userFilter: (uid=dana)\n    bindDn: cn=s\n    bindPasswordFile: /p\n", 6, "identity.ldap.userFilter", "with {user}")]
    [InlineData("identity:\n  ldap:\n    url: ldaps://h:636\n    groupBase: ou=g,dc=x\n    userDn: uid={user},dc=x\n    startTls: true\n", 6, "identity.ldap.startTls", "StartTLS is for ldap://")]
    [InlineData("identity:\n  ldap:\n    url: ldap://h:389\n    groupBase: ou=g,dc=x\n    userDn: uid={user},dc=x\n    caFile: /ca.pem\n", 6, "identity.ldap.caFile", "only over TLS")]
    public void Read_InvalidValue_ErrorNamesFileLineFieldAndRule(string yaml, int line, string field, string rule)
    {
        var result = Read(yaml);

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("launcher.yaml", error.File);
        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(rule, error.Message);
        Assert.StartsWith($"launcher.yaml:{line}: {field}: ", error.ToString());
    }

    [Fact]
    public void Read_UnknownField_ErrorNamesItAndItsLine()
    {
        var result = Read("domain: localhost\nservr:\n  listen: http://localhost:8080\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("servr", error.Field);
        Assert.Contains("unknown field 'servr'", error.Message);
    }

    [Fact]
    public void Read_WrongType_ErrorNamesTheLine()
    {
        var result = Read("deploy:\n  readyTimeoutSeconds: soon\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("wrong type", error.Message);
    }

    [Fact]
    public void Read_BrokenYaml_ErrorNamesTheLine()
    {
        var result = Read("server:\n  listen: [http://x:1\n");

        var error = Assert.Single(result.Errors);
        Assert.NotNull(error.Line);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Fact]
    public void Read_SeveralErrors_ReportsEach()
    {
        var result = Read("domain: 'bad domain'\ndeploy:\n  appPort: 70000\n");

        Assert.Equal(2, result.Errors.Count);
    }
}

using AppLauncher.Core.Manifests;

namespace AppLauncher.Core.Tests.Manifests;

public sealed class ManifestInputValidatorTests
{
    private static string Errors(ManifestInput input) =>
        string.Join("\n", new ManifestInputValidator().Validate(input).Errors.Select(e => e.ErrorMessage));

    [Fact]
    public void Validate_Plain_Valid()
    {
        Assert.Equal("", Errors(ManifestCases.Plain));
    }

    [Theory]
    [InlineData("registry.example/hello:latest")]
    [InlineData("registry.example/hello@sha256:abc")]
    public void Validate_ImageByTag_NamesDigestRule(string image)
    {
        Assert.Contains($"image '{image}' is not referenced by digest", Errors(ManifestCases.Plain with { Image = image }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadQuantity_NamesQuantityRule()
    {
        var errors = Errors(ManifestCases.Plain with { Resources = new() { MemoryRequest = "lots" } });

        Assert.Contains("'lots' is not a resource quantity", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LimitBelowRequest_SaysRaiseLimit()
    {
        var errors = Errors(ManifestCases.Plain with { Resources = new() { CpuRequest = "2", CpuLimit = "500m" } });

        Assert.Contains("cpu limit 500m is below the request 2", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LongCronJobName_NamesLimit()
    {
        var input = ManifestCases.Plain with
        {
            CronJobs = [new CronJobSettings { Name = new string('a', 50), Schedule = "0 3 * * *", Command = "true" }],
        };

        Assert.Contains("Kubernetes allows 52 for a CronJob name", Errors(input), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FourFieldSchedule_NamesFiveFields()
    {
        var input = ManifestCases.Plain with { CronJobs = [new CronJobSettings { Name = "a", Schedule = "0 3 * *", Command = "true" }] };

        Assert.Contains("must have five fields", Errors(input), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FiveFieldsOutOfRange_NamesTheField()
    {
        var input = ManifestCases.Plain with { CronJobs = [new CronJobSettings { Name = "a", Schedule = "0 25 * * *", Command = "true" }] };

        Assert.Contains("cron job 'a' schedule '0 25 * * *': hour", Errors(input), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("/a b")]
    public void Validate_RelativeHealthPath_Rejected(string path)
    {
        Assert.Contains("must be an absolute URL path", Errors(ManifestCases.Plain with { HealthCheckPath = path }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadTeamAndEnvName_BothNamed()
    {
        var errors = Errors(ManifestCases.Plain with { Team = "Payments", Env = new Dictionary<string, string> { ["1X"] = "" } });

        Assert.Contains("team 'Payments' names a namespace", errors, StringComparison.Ordinal);
        Assert.Contains("environment variable '1X' is not a valid name", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MinAboveMax_SaysWhich()
    {
        Assert.Contains("autoscaling min 5 is above max 2", Errors(ManifestCases.Plain with { Autoscaling = new() { Min = 5, Max = 2 } }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GraceNotAbovePreStop_Rejected()
    {
        Assert.Contains("must exceed the pre-stop pause", Errors(ManifestCases.Plain with { TerminationGracePeriodSeconds = 5 }), StringComparison.Ordinal);
    }
}

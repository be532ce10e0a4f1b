using AppLauncher.Core.Alerts;

namespace AppLauncher.Core.Tests.Alerts;

public sealed class AlertRuleTextTests
{
    [Theory]
    [InlineData("p95-latency>=500ms for 120s", "p95-latency", ">=", 500, 120)]
    [InlineData("p95-latency >= 2s for 2m", "p95-latency", ">=", 2000, 120)]
    [InlineData("p95-latency>250 for 30s", "p95-latency", ">", 250, 30)]
    [InlineData("5xx-rate>=5% for 60s", "5xx-rate", ">=", 5, 60)]
    [InlineData("5xx-rate>=0.5 for 1m", "5xx-rate", ">=", 0.5, 60)]
    [InlineData("cpu>=90 for 300s", "cpu", ">=", 90, 300)]
    [InlineData("memory>80% for 5m", "memory", ">", 80, 300)]
    [InlineData("rps>1000 for 1h", "rps", ">", 1000, 3600)]
    [InlineData("concurrency>=50 for 10s", "concurrency", ">=", 50, 10)]
    [InlineData("instances<1 for 60s", "instances", "<", 1, 60)]
    [InlineData("  CPU<=10 FOR 60S  ", "cpu", "<=", 10, 60)]
    public void Parse_MetricRules_GiveTheConditionInTheMetricsUnit(string text, string metric, string op, double threshold, int seconds)
    {
        var condition = AlertRuleText.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(new AlertCondition(metric, op, threshold, TimeSpan.FromSeconds(seconds), null), condition);
    }

    [Theory]
    [InlineData("event crash-loop", PlatformEventKind.CrashLoop)]
    [InlineData("event deploy-failed", PlatformEventKind.DeployFailed)]
    [InlineData("event  dns-registration-failed", PlatformEventKind.DnsRegistrationFailed)]
    [InlineData("event certificate-expiring", PlatformEventKind.CertificateExpiring)]
    public void Parse_EventRules_GiveTheEventKind(string text, PlatformEventKind kind)
    {
        var condition = AlertRuleText.Parse(text, out var error);

        Assert.Null(error);
        Assert.Equal(kind, condition!.Event);
        Assert.True(condition.IsEvent);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(null, "is empty")]
    [InlineData("cpu>=90", "is not an alert rule")]
    [InlineData("cpu=>90 for 60s", "is not an alert rule")]
    [InlineData("cpu>=90 for 60", "is not an alert rule")]
    [InlineData("cpu>=-1 for 60s", "is not an alert rule")]
    [InlineData("disk>=90 for 60s", "'disk' is not a metric")]
    [InlineData("rps>=10ms for 60s", "rps is not measured in 'ms'")]
    [InlineData("p95-latency>=5% for 60s", "p95-latency is not measured in '%'")]
    [InlineData("5xx-rate>=150% for 60s", "between 0 and 100")]
    [InlineData("cpu>=90 for 0s", "between 1s and 24h")]
    [InlineData("cpu>=90 for 25h", "between 1s and 24h")]
    [InlineData("event reboot", "'reboot' is not an event")]
    [InlineData("event", "is not an alert rule")]
    public void Parse_BadRules_SayWhatIsWrongAndPrintTheGrammar(string? text, string why)
    {
        Assert.Null(AlertRuleText.Parse(text, out var error));

        Assert.Contains(why, error);
        Assert.Contains(AlertRuleText.Grammar, error);
    }

    [Fact]
    public void Parse_HugeOrHostileText_IsRefusedWithoutEcho()
    {
        var huge = "cpu>=" + new string('9', 100_000) + " for 60s";

        Assert.Null(AlertRuleText.Parse(huge, out var error));
        Assert.Contains("longer than 200 characters", error);
        Assert.DoesNotContain(huge[..300], error);
        Assert.Null(AlertRuleText.Parse("cpu>=90 for 60s\nevent crash-loop", out _));
        Assert.Null(AlertRuleText.Parse("cpu>=1234567890123 for 60s", out _));
    }

    [Theory]
    [InlineData("p95-latency>=2s for 2m", "p95-latency>=2000ms for 120s")]
    [InlineData("5xx-rate>=5 for 60s", "5xx-rate>=5% for 60s")]
    [InlineData("cpu>=90 for 5m", "cpu>=90 for 300s")]
    [InlineData("event deploy-failed", "event deploy-failed")]
    public void Format_ParsedRules_GiveTheCanonicalTextThatParsesBack(string text, string canonical)
    {
        var condition = AlertRuleText.Parse(text, out _)!;

        Assert.Equal(canonical, AlertRuleText.Format(condition));
        Assert.Equal(condition, AlertRuleText.Parse(canonical, out _));
    }
}

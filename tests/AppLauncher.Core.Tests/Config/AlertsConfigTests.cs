using AppLauncher.Core.Alerts;
using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

public sealed class AlertsConfigTests
{
    private const string Rules =
        "alerts:\n  rules:\n    - name: errors\n      rule: \"5xx-rate>=5% for 60s\"\n      webhook: https://hooks.example.org/x\n"
        + "    - name: slow\n      app: shop\n      rule: \"p95-latency>=500ms for 120s\"\n      webhook: http://127.0.0.1:9000/hook\n      repeatSeconds: 0\n";

    private static ConfigResult<PlatformConfig> Read(string yaml) =>
        YamlConfigReader<PlatformConfig>.Read(yaml, "launcher.yaml", new PlatformConfigValidator());

    [Fact]
    public void Read_NoAlertsSection_NoRulesAndMetricsOn()
    {
        var config = Read("").Value!;

        Assert.Empty(config.Alerts.Rules);
        Assert.Equal(10, config.Alerts.EvaluationIntervalSeconds);
        Assert.Equal(5, config.Alerts.MaxAttempts);
        Assert.True(config.Metrics.Enabled);
    }

    [Fact]
    public void Read_Rules_AreValidWithTheirDefaults()
    {
        var result = Read(Rules + "metrics:\n  enabled: false\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["errors", "slow"], result.Value!.Alerts.Rules.Select(r => r.Name));
        Assert.Equal(3600, result.Value.Alerts.Rules[0].RepeatSeconds);
        Assert.Null(result.Value.Alerts.Rules[0].App);
        Assert.Equal("shop", result.Value.Alerts.Rules[1].App);
        Assert.False(result.Value.Metrics.Enabled);
    }

    [Theory]
    [InlineData("rule: \"5xx-rate>=5% for 60s\"", "rule: \"5xx-rate>=5% during 60s\"", 4, "alerts.rules[0].rule", "is not an alert rule")]
    [InlineData("rule: \"5xx-rate>=5% for 60s\"", "rule: \"disk>=5% for 60s\"", 4, "alerts.rules[0].rule", "'disk' is not a metric")]
    [InlineData("webhook: https://hooks.example.org/x", "webhook: ftp://hooks.example.org/x", 5, "alerts.rules[0].webhook", "not a webhook URL")]
    [InlineData("name: errors", "name: Errors!", 3, "alerts.rules[0].name", "not a rule name")]
    [InlineData("app: shop", "app: Shop_1", 7, "alerts.rules[1].app", "not an app name")]
    [InlineData("repeatSeconds: 0", "repeatSeconds: -1", 10, "alerts.rules[1].repeatSeconds", "between 0")]
    [InlineData("name: slow", "name: errors", 2, "alerts.rules", "same name")]
    public void Read_BadRule_ErrorNamesTheFieldTheLineAndWhatIsExpected(string from, string to, int line, string field, string why)
    {
        var error = Assert.Single(Read(Rules.Replace(from, to, StringComparison.Ordinal)).Errors);

        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(why, error.Message);
        if (field.EndsWith(".rule", StringComparison.Ordinal))
        {
            Assert.Contains(AlertRuleText.Grammar, error.Message);
        }
    }

    [Theory]
    [InlineData("alerts:\n  evaluationIntervalSeconds: 0\n", "alerts.evaluationIntervalSeconds")]
    [InlineData("alerts:\n  maxAttempts: 0\n", "alerts.maxAttempts")]
    [InlineData("alerts:\n  webhookTimeoutSeconds: 61\n", "alerts.webhookTimeoutSeconds")]
    [InlineData("alerts:\n  maxQueued: 0\n", "alerts.maxQueued")]
    public void Read_BadDeliverySetting_ErrorNamesIt(string yaml, string field)
    {
        Assert.Equal(field, Assert.Single(Read(yaml).Errors).Field);
    }
}

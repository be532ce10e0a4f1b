namespace AppLauncher.Observability;

/// <summary>Label names every AppLauncher series uses; OpenTelemetry HTTP semantic-convention names where one exists.</summary>
public static class MetricTags
{
    public const string App = "app";
    public const string Revision = "revision";
    public const string Method = "http.request.method";
    public const string StatusCode = "http.response.status_code";
    public const string StatusClass = "status_class";
    public const string Tier = "tier";
    public const string Buildpack = "buildpack";
    public const string Outcome = "outcome";
    public const string Metric = "metric";
    public const string Team = "team";
}

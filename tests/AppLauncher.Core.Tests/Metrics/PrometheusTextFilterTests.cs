using AppLauncher.Core.Metrics;

namespace AppLauncher.Core.Tests.Metrics;

public sealed class PrometheusTextFilterTests
{
    private const string Exposition =
        """
        # TYPE launcher_proxy_requests_total counter
        # HELP launcher_proxy_requests_total Requests
        launcher_proxy_requests_total{otel_scope_name="AppLauncher.Proxy",app="shop",revision="shop-00001",status_class="2xx"} 7
        launcher_proxy_requests_total{otel_scope_name="AppLauncher.Proxy",app="blog",revision="blog-00002",status_class="2xx"} 3
        # TYPE process_cpu_time_seconds_total counter
        process_cpu_time_seconds_total{cpu_mode="user"} 2.5
        target_info 1
        # EOF

        """;

    [Fact]
    public void Filter_KeepsVisibleAppsAndComments_DropsOtherAppsAndPlatformSeries()
    {
        var kept = PrometheusTextFilter.Filter(Exposition, app => app == "shop");

        Assert.Equal(
            """
            # TYPE launcher_proxy_requests_total counter
            # HELP launcher_proxy_requests_total Requests
            launcher_proxy_requests_total{otel_scope_name="AppLauncher.Proxy",app="shop",revision="shop-00001",status_class="2xx"} 7
            # TYPE process_cpu_time_seconds_total counter
            # EOF

            """, kept);
    }

    [Fact]
    public void Filter_NothingVisible_LeavesOnlyComments()
    {
        var kept = PrometheusTextFilter.Filter(Exposition, _ => false);

        Assert.DoesNotContain("app=", kept);
        Assert.DoesNotContain("process_cpu_time_seconds_total{", kept);
        Assert.EndsWith("# EOF\n", kept);
    }

    [Theory]
    [InlineData("m{app=\"shop\"} 1", "shop")]
    [InlineData("m{a=\"x\",app=\"shop\"} 1", "shop")]
    [InlineData("m{path=\"app=\\\"blog\\\"\",app=\"shop\"} 1", "shop")] // an escaped app="…" inside another value is not the label
    [InlineData("m{path=\"app=\\\"blog\\\"\"} 1", null)]
    [InlineData("m{myapp=\"shop\"} 1", null)]
    [InlineData("m 1", null)]
    [InlineData("m 1 # {app=\"shop\"} 1", null)] // an exemplar's labels are not the sample's
    [InlineData("m{app=\"shop", null)] // cut off
    [InlineData("m{app=shop} 1", null)]
    [InlineData("m{app=\"a\\\\b\"} 1", "a\\b")]
    public void AppOf_Samples_ReadsTheAppLabelOnly(string sample, string? expected)
    {
        Assert.Equal(expected, PrometheusTextFilter.AppOf(sample));
    }
}

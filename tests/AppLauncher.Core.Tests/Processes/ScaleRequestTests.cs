using AppLauncher.Core.Processes;

namespace AppLauncher.Core.Tests.Processes;

public sealed class ScaleRequestTests
{
    private static readonly string[] Workers = ["worker", "clock"];

    [Fact]
    public void Parse_KnownTypes_CountsInNameOrder()
    {
        var (counts, error) = ScaleRequest.Parse(new Dictionary<string, int> { ["worker"] = 3, ["clock"] = 0 }, Workers);

        Assert.Null(error);
        Assert.Equal([KeyValuePair.Create("clock", 0), KeyValuePair.Create("worker", 3)], counts!);
    }

    [Theory]
    [InlineData("web", 3, "web is autoscaled")]
    [InlineData("web", -1, "web is autoscaled")]
    [InlineData("wrker", 1, "the app has no process type 'wrker'")]
    [InlineData("worker", -1, "worker=-1: a count must be between 0 and 50")]
    [InlineData("worker", 51, "worker=51: a count must be between 0 and 50")]
    public void Parse_BadRequest_RefusedNamingTheValidTypes(string type, int count, string expected)
    {
        var (counts, error) = ScaleRequest.Parse(new Dictionary<string, int> { [type] = count }, Workers);

        Assert.Null(counts);
        Assert.Contains(expected, error);
        Assert.Contains("its process types are: clock, worker", error);
    }

    [Fact]
    public void Parse_AppWithoutWorkers_SaysHowToAddOne()
    {
        var (_, error) = ScaleRequest.Parse(new Dictionary<string, int> { ["worker"] = 1 }, []);

        Assert.Contains("no process types besides web", error);
        Assert.Contains("Procfile", error);
    }

    [Fact]
    public void Parse_Nothing_AsksForTypeAndCount()
    {
        Assert.Contains("e.g. worker=2", ScaleRequest.Parse(new Dictionary<string, int>(), Workers).Error);
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("worker=")]
    [InlineData("=2")]
    [InlineData("worker=two")]
    public void ReadArguments_NotTypeEqualsCount_Refused(string argument)
    {
        var (counts, error) = ScaleRequest.ReadArguments([argument]);

        Assert.Null(counts);
        Assert.Equal($"'{argument}' is not TYPE=COUNT, e.g. worker=2", error);
    }

    [Fact]
    public void ReadArguments_NegativeCount_ReadSoParseCanNameTheTypes()
    {
        Assert.Equal(-1, ScaleRequest.ReadArguments(["web=-1"]).Counts!["web"]);
    }

    [Fact]
    public void Desired_NotSet_DefaultsToOne()
    {
        Assert.Equal(1, ScaleRequest.Desired("worker", null));
        Assert.Equal(1, ScaleRequest.Desired("worker", new Dictionary<string, int> { ["clock"] = 0 }));
        Assert.Equal(0, ScaleRequest.Desired("clock", new Dictionary<string, int> { ["clock"] = 0 }));
    }
}

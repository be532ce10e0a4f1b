using AppLauncher.Core.Detect;
using AppLauncher.Core.Processes;

namespace AppLauncher.Core.Tests.Processes;

public sealed class ProcessTypesTests
{
    [Fact]
    public void Workers_Procfile_EveryEntryButWebAndRelease()
    {
        var procfile = Procfile.Parse("web: node server.js\nrelease: node migrate.js\nworker: node worker.js\nclock: node clock.js\n");

        Assert.Equal([KeyValuePair.Create("clock", "node clock.js"), KeyValuePair.Create("worker", "node worker.js")], ProcessTypes.Workers(procfile));
    }

    [Fact]
    public void Workers_OnlyWeb_None()
    {
        Assert.Empty(ProcessTypes.Workers(Procfile.Parse("web: node server.js\n")));
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("sidekiq-2")]
    [InlineData("a")]
    public void ValidateName_DnsLabel_Accepted(string type) => Assert.Null(ProcessTypes.ValidateName(type));

    [Theory]
    [InlineData("sidekiq_worker")]
    [InlineData("Worker")]
    [InlineData("2worker")]
    [InlineData("worker-")]
    [InlineData("a-very-long-process-type-name")]
    public void ValidateName_NotALabel_RefusedWithTheRule(string type)
    {
        var error = ProcessTypes.ValidateName(type);

        Assert.StartsWith($"process type '{type}' must be at most 20 lowercase letters", error);
        Assert.EndsWith("rename it in the Procfile", error);
    }
}

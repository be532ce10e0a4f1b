using AppLauncher.Core.Build;

namespace AppLauncher.Core.Tests.Build;

public sealed class CaBundleInjectorTests
{
    [Fact]
    public void Inject_AfterEveryFrom_CopiesBundleAndSetsVariables()
    {
        var output = CaBundleInjector.Inject("FROM a AS build\nRUN make\nfrom b\nCOPY --from=build /x /x\n").Split('\n');

        Assert.Equal("FROM a AS build", output[0]);
        Assert.Equal($"COPY {CaBundleInjector.ContextPath} {CaBundleInjector.ImagePath}", output[1]);
        Assert.StartsWith("ENV NODE_EXTRA_CA_CERTS=", output[2]);
        Assert.Equal("RUN make", output[3]);
        Assert.Equal("from b", output[4]);
        Assert.Equal($"COPY {CaBundleInjector.ContextPath} {CaBundleInjector.ImagePath}", output[5]);
        Assert.Equal(2, output.Count(l => l.StartsWith("COPY .launcher", StringComparison.Ordinal)));
    }

    [Fact]
    public void Inject_FromContinuedOverLines_InsertsAfterTheLastLine()
    {
        var output = CaBundleInjector.Inject("FROM \\\n  base\nRUN x").Split('\n');

        Assert.Equal("  base", output[1]);
        Assert.StartsWith("COPY .launcher", output[2]);
    }

    [Fact]
    public void Inject_FromInsideRunArgument_IsNotAnInstruction()
    {
        var output = CaBundleInjector.Inject("FROM a\nRUN echo FROM b");

        Assert.Single(output.Split('\n'), l => l.StartsWith("COPY", StringComparison.Ordinal));
    }
}

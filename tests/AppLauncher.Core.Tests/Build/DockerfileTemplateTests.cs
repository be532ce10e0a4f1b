using AppLauncher.Core.Build;

namespace AppLauncher.Core.Tests.Build;

public sealed class DockerfileTemplateTests
{
    [Fact]
    public void Render_ReplacesPlaceholders()
    {
        var output = DockerfileTemplate.Render("FROM {{ stack }}\nRUN {{install}}\n", new Dictionary<string, string> { ["stack"] = "base:1", ["install"] = "npm ci" });

        Assert.Equal("FROM base:1\nRUN npm ci\n", output);
    }

    [Fact]
    public void Render_LineWhosePlaceholdersAreAllEmpty_IsDropped()
    {
        var output = DockerfileTemplate.Render("FROM x\nRUN {{build}}\nCMD y\n", new Dictionary<string, string> { ["build"] = "" });

        Assert.Equal("FROM x\nCMD y\n", output);
    }

    [Fact]
    public void Render_UnknownPlaceholder_Throws()
    {
        var e = Assert.Throws<FormatException>(() => DockerfileTemplate.Render("RUN {{nope}}", new Dictionary<string, string>()));

        Assert.Contains("{{nope}}", e.Message);
    }

    [Fact]
    public void Render_UnclosedPlaceholder_Throws()
    {
        Assert.Throws<FormatException>(() => DockerfileTemplate.Render("RUN {{oops", new Dictionary<string, string>()));
    }

    [Fact]
    public void Render_NodeTemplateOfTheRepository_RendersWithNodeFacts()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "buildpacks", "node", "Dockerfile.template"));
        var facts = new Dictionary<string, string>
        {
            ["stack.build"] = "b:1", ["stack.run"] = "r:1", ["install"] = "npm ci --omit=dev", ["build"] = "",
            ["manifests"] = "package.json package-lock.json",
            ["port"] = "8080", ["start.exec"] = "[\"node\",\"server.js\"]",
        };

        var output = DockerfileTemplate.Render(template, facts);

        Assert.Contains("FROM b:1 AS build", output);
        Assert.Contains("COPY package.json package-lock.json ./", output);
        Assert.Contains("RUN npm ci --omit=dev", output);
        Assert.Contains("FROM r:1", output);
        Assert.Contains("CMD [\"node\",\"server.js\"]", output);
        Assert.DoesNotContain("RUN \n", output);
        Assert.DoesNotContain("{{", output);
    }
}

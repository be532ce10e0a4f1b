using AppLauncher.Tests.EndToEnd;

namespace AppLauncher.Tests.Remote;

/// <summary>A repository on the test Git server and a working copy (a sample app) the test commits to and pushes from.</summary>
internal sealed class Upstream : IDisposable
{
    private Upstream(AppRepository work, string bare, string url)
    {
        Work = work;
        Bare = bare;
        Url = url;
    }

    public AppRepository Work { get; }

    public string Bare { get; }

    public string Url { get; }

    public static async Task<Upstream> CreateAsync(GitHttpServer server, string name, string sample = "hello-node")
    {
        var bare = await server.CreateAsync(name);
        var work = await AppRepository.FromSampleAsync(sample);
        var upstream = new Upstream(work, bare, server.UrlOf(name));
        await upstream.PushAsync("main");
        return upstream;
    }

    /// <summary>Pushes refs (branches, tags, <c>:branch</c> to delete, <c>+</c> to force) to the server's repository.</summary>
    public async Task PushAsync(params string[] refs)
    {
        var result = await Work.GitAsync(["push", "-q", Bare, .. refs]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public async Task<string> HeadAsync(string rev = "HEAD") => (await Work.GitAsync("rev-parse", rev)).Output.Trim();

    public void Dispose() => Work.Dispose();
}

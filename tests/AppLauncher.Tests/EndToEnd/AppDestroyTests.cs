using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>End to end: a pushed app (real git, real Docker) is deleted through the API, and nothing of it is left.</summary>
[Collection(LauncherCollection.Name)]
public sealed class AppDestroyTests(LauncherFixture launcher)
{
    private string PushUrl(string app) => launcher.PushUrl(app);

    private HttpRequestMessage Api(HttpMethod method, string path) =>
        new(method, $"{launcher.ControlUrl}/api/{path}") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token) } };

    [Fact]
    public async Task Delete_DeployedApp_RemovesContainersRouteRepositoryAndRecords()
    {
        var app = launcher.AppName("destroy");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        Assert.NotEmpty(await launcher.ContainersAsync(app));
        Assert.True(Directory.Exists(Path.Combine(launcher.DataDirectory, "git", $"{app}.git")));

        using var deleted = await launcher.Http.SendAsync(Api(HttpMethod.Delete, $"apps/{app}"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await launcher.ContainersAsync(app));
        Assert.False(Directory.Exists(Path.Combine(launcher.DataDirectory, "git", $"{app}.git")));
        using var page = await launcher.Http.GetAsync(launcher.AppUrl(app));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var shown = await launcher.Http.SendAsync(Api(HttpMethod.Get, $"apps/{app}"));
        Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
        using var again = await launcher.Http.SendAsync(Api(HttpMethod.Delete, $"apps/{app}"));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        // The name is free again: a new push starts from revision 1.
        var pushed = await repo.PushAsync(PushUrl(app));
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        AssertOutput.Contains($"{app}-00001", pushed);
    }

    [Fact]
    public async Task Push_ReservedName_IsRefusedBeforeAnythingIsCreated()
    {
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        var pushed = await repo.PushAsync(PushUrl("www"));

        Assert.NotEqual(0, pushed.ExitCode);
        AssertOutput.Contains("cannot push to 'www': the name 'www.localhost' is reserved for the platform itself", pushed);
        Assert.False(Directory.Exists(Path.Combine(launcher.DataDirectory, "git", "www.git")));
    }

    [Theory]
    [InlineData("www", HttpStatusCode.BadRequest, "reserved for the platform itself")]
    [InlineData("Hello_World", HttpStatusCode.BadRequest, "try 'hello-world'")]
    [InlineData("", HttpStatusCode.BadRequest, "an app name is required")]
    public async Task Create_RefusedName_SaysWhy(string name, HttpStatusCode status, string detail)
    {
        var request = Api(HttpMethod.Post, "apps");
        request.Content = JsonContent.Create(new { name });

        using var response = await launcher.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_Twice_SecondIs409()
    {
        var app = launcher.AppName("twice");
        using var first = await launcher.Http.SendAsync(WithName(Api(HttpMethod.Post, "apps"), app));
        using var second = await launcher.Http.SendAsync(WithName(Api(HttpMethod.Post, "apps"), app));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already exists", await second.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage WithName(HttpRequestMessage request, string name)
    {
        request.Content = JsonContent.Create(new { name });
        return request;
    }
}

using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>Image garbage collection on the real engine: old images go, kept and served ones stay, rollback inside the window works.</summary>
[Collection(LauncherCollection.Name)]
public sealed class GcTests(LauncherFixture launcher, ITestOutputHelper output)
{
    [Fact]
    public async Task Gc_KeepTwoRevisions_RemovesOlderImagesKeepsServedAndKeptOnes()
    {
        var app = launcher.AppName("gc");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(launcher.PushUrl(app))).ExitCode);
        foreach (var (from, to) in new[] { ("Hello from AppLauncher!", "Two"), ("Two", "Three"), ("Three", "Four") })
        {
            await repo.ReplaceAndCommitAsync("server.js", from, to, to);
            var push = await repo.PushAsync(launcher.PushUrl(app));
            Assert.True(push.ExitCode == 0, push.ToString());
        }

        using (var tag = await launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/traffic/tags", new { tag = "first", revision = $"{app}-00001" }))
        {
            Assert.True(tag.IsSuccessStatusCode, await tag.Content.ReadAsStringAsync());
        }

        var images = await ImageIdsAsync(app);
        var keep = launcher.Config.Gc.KeepRevisions;
        launcher.Config.Gc.KeepRevisions = 2;
        try
        {
            using var dry = await launcher.ApiAsync(HttpMethod.Post, "/api/gc?dryRun=true");
            var dryText = await dry.Content.ReadAsStringAsync();
            Assert.True(dry.StatusCode == HttpStatusCode.OK, dryText);
            Assert.Contains(images[2], dryText);
            Assert.True(await ExistsAsync(images[2]), "a dry run removed the image");

            using var gc = await launcher.ApiAsync(HttpMethod.Post, "/api/gc");
            var report = await gc.Content.ReadAsStringAsync();
            output.WriteLine(report);
            Assert.Equal(HttpStatusCode.OK, gc.StatusCode);
            using var json = JsonDocument.Parse(report);
            Assert.Equal([$"{app}-00002"], json.RootElement.GetProperty("images").EnumerateArray()
                .Where(i => i.GetProperty("app").GetString() == app).SelectMany(i => i.GetProperty("revisions").EnumerateArray().Select(r => r.GetString())));
        }
        finally
        {
            launcher.Config.Gc.KeepRevisions = keep;
        }

        Assert.False(await ExistsAsync(images[2]), "the image of revision 2 (old, not served) is still there");
        Assert.True(await ExistsAsync(images[1]), "the image of revision 1 (tagged: served) was removed");
        Assert.True(await ExistsAsync(images[3]), "the image of revision 3 (kept) was removed");
        Assert.True(await ExistsAsync(images[4]), "the image of revision 4 (current) was removed");

        using var inside = await launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/rollback", new { revision = $"{app}-00003" });
        Assert.True(inside.StatusCode == HttpStatusCode.OK, await inside.Content.ReadAsStringAsync());
        Assert.Equal("Three\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        using var collected = await launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/rollback", new { revision = $"{app}-00002" });
        var problem = await collected.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, collected.StatusCode);
        Assert.Contains($"image of {app}-00002 was collected; push its commit", problem);
        Assert.Equal("Three\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    /// <summary>Revision number → image id, from the releases API.</summary>
    private async Task<Dictionary<int, string>> ImageIdsAsync(string app)
    {
        using var releases = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/releases");
        using var json = JsonDocument.Parse(await releases.Content.ReadAsStringAsync());
        return json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("number").GetInt32(), r => r.GetProperty("imageId").GetString()!);
    }

    private static async Task<bool> ExistsAsync(string image) =>
        (await ProcessRunner.RunAsync("docker", ["image", "inspect", image], "/")).ExitCode == 0;
}

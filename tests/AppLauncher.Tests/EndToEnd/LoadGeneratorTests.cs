using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>The load generator the zero-downtime tests rely on: a wait that is not met fails, it never just returns.</summary>
public sealed class LoadGeneratorTests
{
    [Fact]
    public async Task WaitForRequests_ServerThatNeverAnswers_ThrowsTimeoutSayingHowManyWereAnswered()
    {
        // Accepts connections (the kernel's backlog) but never answers: every request hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        await using var load = new LoadGenerator($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/", workers: 2);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => load.WaitForRequestsAsync(5, TimeSpan.FromSeconds(1)));

        Assert.StartsWith("only 0 of 5 requests were answered in 1 s", error.Message);
    }

    [Fact]
    public async Task WaitForRequests_ServerThatAnswers_ReturnsOnceThatManyMoreAreCounted()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = builder.Build();
        server.Run(context => context.Response.WriteAsync("hi\n"));
        await server.StartAsync();
        await using var load = new LoadGenerator(server.Urls.First() + "/", workers: 2);

        await load.WaitForRequestsAsync(20, TimeSpan.FromSeconds(30));

        Assert.True(load.Requests >= 20, $"{load.Requests} requests");
        Assert.Empty(load.Failures);
        Assert.True(load.Bodies.GetValueOrDefault("hi\n") >= 20);
    }
}

using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace AppLauncher.Git;

/// <summary>Runs the server side of git's smart HTTP protocol with the git binary (<c>--stateless-rpc</c>).</summary>
internal sealed partial class GitService(GitHttpOptions options, HookGrants grants, ILogger<GitService> logger)
{
    public static readonly string[] Services = ["git-upload-pack", "git-receive-pack"];

    /// <summary>Answers <c>GET info/refs?service=…</c>: the service announcement, then the refs.</summary>
    public async Task AdvertiseAsync(HttpContext context, string app, string service, string repository)
    {
        context.Response.ContentType = $"application/x-{service}-advertisement";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(PktLine($"# service={service}\n"));
        await context.Response.Body.WriteAsync("0000"u8.ToArray());
        await RunAsync(context, app, service, repository, ["--stateless-rpc", "--advertise-refs"], input: null);
    }

    /// <summary>Answers <c>POST git-upload-pack</c> or <c>POST git-receive-pack</c>, streaming git's output (and the hook's) as it comes.</summary>
    public async Task ServeAsync(HttpContext context, string app, string service, string repository)
    {
        PushLimits.Apply(context, options.MaxPushBytes);
        context.Response.ContentType = $"application/x-{service}-result";
        context.Response.Headers.CacheControl = "no-cache";
        var body = context.Request.Headers.ContentEncoding.ToString() switch
        {
            "gzip" or "x-gzip" => new GZipStream(context.Request.Body, CompressionMode.Decompress),
            _ => context.Request.Body,
        };
        await RunAsync(context, app, service, repository, ["--stateless-rpc"], body);
    }

    /// <summary>A git protocol error the client prints as <c>fatal: remote error: …</c>.</summary>
    public static async Task WriteErrorAsync(HttpContext context, string service, string message)
    {
        context.Response.ContentType = $"application/x-{service}-advertisement";
        await context.Response.Body.WriteAsync(PktLine($"# service={service}\n"));
        await context.Response.Body.WriteAsync("0000"u8.ToArray());
        await context.Response.Body.WriteAsync(PktLine($"ERR {message}\n"));
    }

    private async Task RunAsync(HttpContext context, string app, string service, string repository, string[] flags, Stream? input)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(service["git-".Length..]);
        foreach (var flag in flags)
        {
            start.ArgumentList.Add(flag);
        }

        start.ArgumentList.Add(repository);
        if (context.Request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        start.Environment["LAUNCHER_APP"] = app;
        start.Environment["LAUNCHER_HOOK_URL"] = options.HookUrl.ToString();
        start.Environment["LAUNCHER_DEPLOY_BRANCH"] = options.DeployBranch;

        // Only a push runs the hook; its token lives exactly as long as this receive-pack.
        using var grant = service == "git-receive-pack" && input is not null ? grants.Issue(app, repository) : null;
        if (grant is not null)
        {
            start.Environment[HookGrants.HeaderFileVariable] = grant.HeaderFile;
            start.Environment[HookGrants.NonceFileVariable] = grant.NonceFile;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var errors = process.StandardError.ReadToEndAsync(context.RequestAborted);
        var feed = input is null ? Task.CompletedTask : FeedAsync(input, process.StandardInput.BaseStream, context.RequestAborted);

        // Copy with a flush per read, so hook output reaches the pusher while the deploy runs.
        var buffer = new byte[16 * 1024];
        var stdout = process.StandardOutput.BaseStream;
        int read;
        while ((read = await stdout.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await feed;
        await process.WaitForExitAsync(context.RequestAborted);
        if (process.ExitCode != 0)
        {
            Log.GitFailed(logger, service, repository, process.ExitCode, (await errors).Trim());
        }
    }

    private static async Task FeedAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        finally
        {
            await to.DisposeAsync();
        }
    }

    private static byte[] PktLine(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return [.. Encoding.ASCII.GetBytes((payload.Length + 4).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)), .. payload];
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Service} on {Repository} exited with {ExitCode}: {Errors}")]
        public static partial void GitFailed(ILogger logger, string service, string repository, int exitCode, string errors);
    }
}

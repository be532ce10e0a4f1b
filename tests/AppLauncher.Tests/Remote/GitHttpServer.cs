using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AppLauncher.Tests.Remote;

/// <summary>
/// A real Git server on loopback, as a company's would be: the git binary's <c>git http-backend</c> (CGI) behind a small
/// Kestrel host, serving the bare repositories under <see cref="Root"/>. With <see cref="RequiredToken"/> set it refuses
/// any request whose Basic password is not that token (401, as GitHub does for a bad token). Counts the fetches it
/// serves, so a test can prove a refused webhook fetched nothing.
/// </summary>
internal sealed class GitHttpServer : IAsyncDisposable
{
    private readonly TempDirectory _root = new();
    private WebApplication? _app;
    private int _fetches;

    public string Root => _root.Path;

    public int Port { get; } = LoopbackPorts.Free();

    public string? RequiredToken { get; set; }

    /// <summary>How many times a client has asked for the refs (the first request of every fetch).</summary>
    public int Fetches => Volatile.Read(ref _fetches);

    public string UrlOf(string repository) => $"http://127.0.0.1:{Port}/{repository}.git";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.Run(ServeAsync);
        await _app.StartAsync();
    }

    /// <summary>Creates a bare repository <paramref name="name"/> that accepts pushes over the file system.</summary>
    public async Task<string> CreateAsync(string name)
    {
        var path = Path.Combine(Root, name + ".git");
        var result = await ProcessRunner.RunAsync("git", ["init", "--bare", "-q", "-b", "main", path], Root);
        Assert.True(result.ExitCode == 0, result.ToString());
        return path;
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (context.Request.Path.Value!.EndsWith("/info/refs", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _fetches);
        }

        if (RequiredToken is { } token && !HasToken(context.Request, token))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"test git server\"";
            return;
        }

        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("http-backend");
        start.Environment["GIT_PROJECT_ROOT"] = Root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["PATH_INFO"] = context.Request.Path.Value;
        start.Environment["REQUEST_METHOD"] = context.Request.Method;
        start.Environment["QUERY_STRING"] = context.Request.QueryString.Value?.TrimStart('?') ?? "";
        start.Environment["CONTENT_TYPE"] = context.Request.ContentType ?? "";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (context.Request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
        {
            start.Environment["GIT_PROTOCOL"] = protocol;
        }

        if (context.Request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
        {
            start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        using var process = Process.Start(start)!;
        var feed = Task.Run(async () =>
        {
            await context.Request.Body.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });
        _ = process.StandardError.ReadToEndAsync();

        // CGI: headers up to a blank line, then the body.
        var output = process.StandardOutput.BaseStream;
        var header = new List<byte>();
        while (!EndsWithBlankLine(header))
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                break;
            }

            header.Add((byte)b);
        }

        foreach (var line in Encoding.ASCII.GetString([.. header]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers[name] = value;
            }
        }

        await output.CopyToAsync(context.Response.Body);
        await feed;
        await process.WaitForExitAsync();
    }

    private static bool EndsWithBlankLine(List<byte> bytes) =>
        (bytes.Count >= 2 && bytes[^1] == '\n' && bytes[^2] == '\n') || (bytes.Count >= 4 && bytes[^1] == '\n' && bytes[^2] == '\r' && bytes[^3] == '\n' && bytes[^4] == '\r');

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        return decoded.Split(':', 2) is [_, var password] && password == token;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _root.Dispose();
    }
}

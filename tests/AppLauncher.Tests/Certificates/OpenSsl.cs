namespace AppLauncher.Tests.Certificates;

/// <summary>The real <c>openssl s_client</c> against a loopback TLS port: what certificate and protocol a handshake gets.</summary>
internal static class OpenSsl
{
    /// <summary>One handshake; <paramref name="serverName"/> null sends no SNI. Returns s_client's output and the served certificate's subject.</summary>
    public static async Task<(string Output, string Subject, string? Alpn)> HandshakeAsync(int port, string? serverName, string? alpn = null, string? caFile = null)
    {
        List<string> args = ["s_client", "-connect", $"127.0.0.1:{port}", "-showcerts"];
        args.AddRange(serverName is null ? ["-noservername"] : ["-servername", serverName]);
        if (alpn is not null)
        {
            args.AddRange(["-alpn", alpn]);
        }

        if (caFile is not null)
        {
            args.AddRange(["-CAfile", caFile, "-verify_return_error"]);
            if (serverName is not null)
            {
                args.AddRange(["-verify_hostname", serverName]);
            }
        }

        var result = await ProcessRunner.RunAsync("openssl", args, "/", timeout: TimeSpan.FromSeconds(30), stdin: "");
        var subject = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("subject=", StringComparison.Ordinal))?.Trim() ?? "";
        var protocol = result.Output.Split('\n').FirstOrDefault(l => l.StartsWith("ALPN protocol: ", StringComparison.Ordinal))?["ALPN protocol: ".Length..].Trim();
        return (result.Output, subject, protocol);
    }
}

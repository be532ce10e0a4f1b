using System.Text.RegularExpressions;

namespace AppLauncher.Tests.Domains;

/// <summary>The real <c>dig</c> (Debian bind9-dnsutils), always against a loopback server.</summary>
internal static partial class Dig
{
    /// <summary>What dig printed, with the status and flags pulled out.</summary>
    public sealed record Answer(string Output)
    {
        public string Status => StatusLine().Match(Output) is { Success: true } m ? m.Groups[1].Value : "(no answer)";

        public string[] Flags => FlagsLine().Match(Output) is { Success: true } m ? m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

        /// <summary>The record lines of one section ("ANSWER", "AUTHORITY", "ADDITIONAL").</summary>
        public string[] Section(string name)
        {
            var lines = Output.Split('\n');
            var start = Array.FindIndex(lines, l => l.StartsWith($";; {name} SECTION:", StringComparison.Ordinal));
            return start < 0 ? [] : lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0).Select(l => l.Trim()).ToArray();
        }

        public override string ToString() => Output;
    }

    public static async Task<Answer> QueryAsync(int port, string name, string type, params string[] options)
    {
        var result = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), name, type, "+norecurse", "+time=2", "+tries=2", .. options], "/", timeout: TimeSpan.FromSeconds(30));
        return new Answer(result.Output);
    }

    /// <summary>Asks until <paramref name="done"/> holds (the registrar works in the background), at most 20 s.</summary>
    public static async Task<Answer> UntilAsync(int port, string name, string type, Func<Answer, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var answer = await QueryAsync(port, name, type);
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"status: ([A-Z]+)")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@";; flags:([a-z ]*);")]
    private static partial Regex FlagsLine();
}

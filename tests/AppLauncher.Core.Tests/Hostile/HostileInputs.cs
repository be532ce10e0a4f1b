using System.Text;

namespace AppLauncher.Core.Tests.Hostile;

/// <summary>One hostile input: what it is (for the failure message) and its bytes.</summary>
internal sealed record HostileInput(string Case, byte[] Bytes);

/// <summary>
/// The generator of the hostile-input corpus: from a valid sample, every truncation, byte damage at every position,
/// invalid UTF-8, NUL and control characters, oversized and many-line files, and nesting far past any limit. Each
/// format adds its own cases (billion laughs, external entities, wrong types, huge numbers).
/// </summary>
internal static class HostileInputs
{
    /// <summary>Larger than <see cref="Parsing.ParseLimits.MaxFileBytes"/>.</summary>
    public const int Oversized = 2 * 1024 * 1024;

    private static readonly byte[] Damage = [0x00, 0xFF, (byte)'"', (byte)'<', (byte)'[', (byte)'\n', (byte)':', (byte)'{'];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE, 0xFF], [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3],
    ];

    /// <summary>Every generic case for <paramref name="sample"/>.</summary>
    public static IEnumerable<HostileInput> From(string sample)
    {
        var bytes = Encoding.UTF8.GetBytes(sample);
        for (var n = 0; n < bytes.Length; n++)
        {
            yield return new($"truncated at byte {n}", bytes[..n]);
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var d in Damage)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] = d;
                yield return new($"byte {i} set to 0x{d:x2}", damaged);
            }
        }

        foreach (var bad in InvalidUtf8)
        {
            var hex = Convert.ToHexString(bad);
            yield return new($"invalid UTF-8 {hex} first", [.. bad, .. bytes]);
            yield return new($"invalid UTF-8 {hex} in the middle", [.. bytes[..(bytes.Length / 2)], .. bad, .. bytes[(bytes.Length / 2)..]]);
            yield return new($"invalid UTF-8 {hex} last", [.. bytes, .. bad]);
        }

        yield return new("empty", []);
        yield return new("byte-order mark only", [.. Encoding.UTF8.Preamble]);
        yield return new("UTF-16 with its byte-order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(sample)]);
        yield return new("newlines as NUL", Text(sample.Replace('\n', '\0')));
        yield return new("newlines as CR", Text(sample.Replace('\n', '\r')));
        yield return new("newlines as U+2028", Text(sample.Replace('\n', '\u2028')));
        yield return new("every control character", Text(sample + string.Concat(Enumerable.Range(0, 32).Select(c => (char)c)) + "\u007f\u0085\ufeff\ufffe"));
        yield return new("control characters after every space", Text(sample.Replace(" ", " \u0001\u001b[31m\u0000", StringComparison.Ordinal)));
        yield return new("oversized: padded with newlines", [.. bytes, .. Repeat("\n", Oversized)]);
        yield return new("oversized: one long line", [.. bytes, .. Repeat("a", Oversized)]);
        yield return new("oversized: the sample repeated", Repeat(sample + "\n", Oversized));
        yield return new("500,000 blank lines", Repeat("\n", 500_000));
        yield return new("500,000 lines of blanks", Repeat(" \t\n", 500_000));
        yield return new("500,000 blank lines, then the sample", [.. Repeat("\n", 500_000), .. bytes]);
        yield return new("1,000,000 spaces", Repeat(" ", 1_000_000));
        yield return new("100,000 '['", Repeat("[", 100_000));
        yield return new("100,000 '{'", Repeat("{", 100_000));
        yield return new("100,000 '<a>'", Repeat("<a>", 100_000));
        yield return new("30,000 '- '", Repeat("- ", 30_000));
        yield return new("10,000 nested 'a:' by indentation", Text(string.Concat(Enumerable.Range(0, 10_000).Select(i => new string(' ', i) + "a:\n"))));
        yield return new("huge number", Text(sample + "\n" + new string('9', 100_000)));
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><paramref name="unit"/> repeated until the result has at least <paramref name="length"/> bytes.</summary>
    public static byte[] Repeat(string unit, int length)
    {
        var one = Encoding.UTF8.GetBytes(unit);
        var result = new byte[(length + one.Length - 1) / one.Length * one.Length];
        for (var i = 0; i < result.Length; i += one.Length)
        {
            one.CopyTo(result, i);
        }

        return result;
    }

    /// <summary>A document that stands for 10^9 copies of "lol" once its entities are expanded.</summary>
    public static string BillionLaughsXml(string root) =>
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n" +
        string.Concat(Enumerable.Range(1, 9).Select(i => $" <!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">\n")) +
        $"]>\n<{root}><PropertyGroup><OutputType>&lol9;</OutputType></PropertyGroup></{root}>\n";

    /// <summary>Entities that read a local file, a loopback URL and an external DTD.</summary>
    public static IEnumerable<(string Case, string Xml)> ExternalEntitiesXml(string root) =>
    [
        ("external entity file:///etc/passwd", $"<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<{root}><PropertyGroup><AssemblyName>&e;</AssemblyName></PropertyGroup></{root}>"),
        ("external entity on loopback", $"<!DOCTYPE p [<!ENTITY e SYSTEM \"http://127.0.0.1:1/x\">]><{root}>&e;</{root}>"),
        ("parameter entity", $"<!DOCTYPE p [<!ENTITY % d SYSTEM \"file:///etc/passwd\"> %d;]><{root}/>"),
        ("external DTD", $"<!DOCTYPE {root} SYSTEM \"http://127.0.0.1:1/p.dtd\"><{root}/>"),
        ("internal DTD only", $"<!DOCTYPE {root} [<!ELEMENT {root} ANY>]><{root}/>"),
    ];

    /// <summary>YAML whose aliases stand for 10^9 nodes.</summary>
    public static string BillionLaughsYaml(string prefix) =>
        prefix + "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
        string.Concat(Enumerable.Range(1, 8).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(",", Enumerable.Repeat("*" + (char)('a' + i - 1), 9))}]\n"));
}

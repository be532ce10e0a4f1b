using System.Globalization;
using System.Text;

namespace AppLauncher.Core.Dns;

/// <summary>
/// Domain names in presentation form (<c>hello.apps.test</c>, no trailing dot, <c>""</c> for the root) and their
/// labels. A label's <c>.</c> and <c>\</c> are escaped with <c>\</c>, other bytes outside printable ASCII as <c>\DDD</c>.
/// </summary>
public static class DnsName
{
    public const int MaxLabelLength = 63;

    /// <summary>Wire length limit of a whole name, length octets and the root label included (RFC 1035 §2.3.4).</summary>
    public const int MaxWireLength = 255;

    /// <summary>The labels of <paramref name="name"/>; throws <see cref="DnsFormatException"/> for empty or oversized labels and names.</summary>
    public static List<byte[]> ToLabels(string name)
    {
        var labels = new List<byte[]>();
        if (name is "" or ".")
        {
            return labels;
        }

        var current = new List<byte>();
        var wire = 1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (i == name.Length - 1)
                {
                    break; // a trailing dot: the fully qualified spelling of the same name
                }

                Close();
                continue;
            }

            if (c == '\\')
            {
                if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                {
                    var value = int.Parse(name.AsSpan(i + 1, 3), CultureInfo.InvariantCulture);
                    if (value > 255)
                    {
                        throw new DnsFormatException($"name '{name}': escape \\{name.Substring(i + 1, 3)} is not a byte (000-255)");
                    }

                    current.Add((byte)value);
                    i += 3;
                    continue;
                }

                if (i + 1 >= name.Length)
                {
                    throw new DnsFormatException($"name '{name}' ends with a lone '\\'");
                }

                c = name[++i];
            }

            if (c > 0x7f)
            {
                throw new DnsFormatException($"name '{name}' has the non-ASCII character '{c}': write internationalised names in their xn-- (punycode) form");
            }

            current.Add((byte)c);
        }

        Close();
        return labels;

        void Close()
        {
            if (current.Count == 0)
            {
                throw new DnsFormatException($"name '{name}' has an empty label (two dots in a row, or a leading dot)");
            }

            if (current.Count > MaxLabelLength)
            {
                throw new DnsFormatException($"name '{name}' has a label of {current.Count} octets; a label holds at most {MaxLabelLength}");
            }

            wire += current.Count + 1;
            if (wire > MaxWireLength)
            {
                throw new DnsFormatException($"name '{name}' is longer than {MaxWireLength} octets on the wire (at most 253 characters)");
            }

            labels.Add([.. current]);
            current.Clear();
        }
    }

    /// <summary>The presentation form of one label.</summary>
    public static string FormatLabel(ReadOnlySpan<byte> label)
    {
        var text = new StringBuilder(label.Length);
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                text.Append('\\').Append((char)b);
            }
            else if (b is < 0x21 or > 0x7e)
            {
                text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append((char)b);
            }
        }

        return text.ToString();
    }

    /// <summary>Canonical form for comparison and compression: lower case (ASCII only, as DNS compares), no trailing dot.</summary>
    public static string Normalize(string name)
    {
        var trimmed = name.EndsWith('.') && !name.EndsWith("\\.", StringComparison.Ordinal) ? name[..^1] : name;
        return trimmed.ToLowerInvariant();
    }

    /// <summary>True when the names are equal, ignoring ASCII case and a trailing dot.</summary>
    public static bool AreEqual(string a, string b) => Normalize(a) == Normalize(b);

    /// <summary>True when <paramref name="name"/> is <paramref name="zone"/> or below it.</summary>
    public static bool IsAtOrBelow(string name, string zone)
    {
        var n = Normalize(name);
        var z = Normalize(zone);
        return z.Length == 0 || n == z || (n.EndsWith("." + z, StringComparison.Ordinal) && !n.EndsWith("\\." + z, StringComparison.Ordinal));
    }
}

using System.Text;

namespace AppLauncher.Observability.Logs;

/// <summary>
/// Makes lines of a container's output as it arrives in pieces, per stream: a line longer than the limit keeps its
/// first bytes (masked before the cut, so a secret is never half shown) and ends with <c>… [line cut: N bytes]</c>;
/// what comes after the limit is counted, not kept, so a 10 MB line or endless binary output costs the limit, not its
/// size. Control characters other than tab and ESC become U+FFFD, so nothing written breaks a line or a terminal.
/// </summary>
public sealed class LogLineAssembler(int maxLineBytes, Func<string, string> mask, int slack = 256)
{
    private readonly Pending[] _pending = [new(), new()];

    /// <summary>The whole lines <paramref name="text"/> completes on its stream (true: stderr), masked and cut.</summary>
    public IReadOnlyList<(bool Stderr, string Line)> Push(bool stderr, string text)
    {
        var lines = new List<(bool, string)>();
        var pending = _pending[stderr ? 1 : 0];
        var start = 0;
        while (start <= text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            pending.Append(text.AsSpan(start, end - start), maxLineBytes + slack);
            if (newline < 0)
            {
                break;
            }

            lines.Add((stderr, Finish(pending)));
            start = newline + 1;
        }

        return lines;
    }

    /// <summary>What is left without a newline at the end of the output.</summary>
    public IReadOnlyList<(bool Stderr, string Line)> Flush()
    {
        var lines = new List<(bool, string)>();
        for (var i = 0; i < _pending.Length; i++)
        {
            if (_pending[i].Bytes > 0)
            {
                lines.Add((i == 1, Finish(_pending[i])));
            }
        }

        return lines;
    }

    private string Finish(Pending pending)
    {
        var total = pending.Bytes;
        var kept = pending.Text.ToString();
        pending.Clear();
        if (kept.EndsWith('\r'))
        {
            kept = kept[..^1];
        }

        kept = Clean(mask(kept));
        if (total <= maxLineBytes && Encoding.UTF8.GetByteCount(kept) <= maxLineBytes)
        {
            return kept;
        }

        return $"{Cut(kept, maxLineBytes)}… [line cut: {total} bytes]";
    }

    /// <summary>The longest start of <paramref name="text"/> of at most <paramref name="bytes"/> UTF-8 bytes, never splitting a character.</summary>
    private static string Cut(string text, int bytes)
    {
        var used = 0;
        var i = 0;
        while (i < text.Length)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(i, length));
            if (used + size > bytes)
            {
                break;
            }

            used += size;
            i += length;
        }

        return text[..i];
    }

    private static string Clean(string line)
    {
        if (!line.AsSpan().ContainsAnyInRange('\0', '\u001f') && !line.Contains('\u007f'))
        {
            return line;
        }

        return string.Create(line.Length, line, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = (c < ' ' && c is not '\t' and not '\u001b') || c == '\u007f' ? '\uFFFD' : c;
            }
        });
    }

    private sealed class Pending
    {
        public StringBuilder Text { get; } = new();

        /// <summary>The line's size so far in UTF-8 bytes, kept or not.</summary>
        public long Bytes { get; private set; }

        public void Append(ReadOnlySpan<char> chars, int keep)
        {
            if (chars.IsEmpty)
            {
                return;
            }

            var size = Encoding.UTF8.GetByteCount(chars);
            if (Bytes < keep)
            {
                // Kept up to the limit and a little more, so masking sees a secret that crosses the cut whole.
                var room = (int)Math.Min(chars.Length, keep - Bytes);
                Text.Append(chars[..room]);
            }

            Bytes += size;
        }

        public void Clear()
        {
            Text.Clear();
            Bytes = 0;
        }
    }
}

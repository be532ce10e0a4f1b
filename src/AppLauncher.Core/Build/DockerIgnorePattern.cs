namespace AppLauncher.Core.Build;

/// <summary>
/// One .dockerignore pattern as a small automaton, run over a path in one pass: work is the pattern's length times the
/// path's, whatever the pattern (no backtracking), and one pass answers for the path and every folder it is in.
/// </summary>
internal sealed class DockerIgnorePattern
{
    private enum Kind
    {
        /// <summary>One given character.</summary>
        Char,

        /// <summary><c>?</c>: one character but '/'.</summary>
        Any,

        /// <summary><c>[a-z]</c>, <c>[^a]</c>: one character of (or not of) a set.</summary>
        Class,

        /// <summary><c>*</c>: any run of characters but '/'.</summary>
        Star,

        /// <summary><c>**/</c>: nothing, or any run of characters ending in '/'.</summary>
        Folders,

        /// <summary>Inside <see cref="Folders"/>, once a character was taken.</summary>
        FoldersLoop,

        /// <summary><c>**</c> at the end: anything.</summary>
        Rest,

        /// <summary>The whole pattern matched.</summary>
        Accept,

        /// <summary>A '/' after a match: the match was a folder the path is in.</summary>
        Inside,
    }

    private readonly record struct Node(Kind Kind, char Char = '\0', string? Set = null, bool Negated = false);

    private readonly Node[] _nodes;
    private readonly string? _literal;

    private DockerIgnorePattern(Node[] nodes, string? literal)
    {
        _nodes = nodes;
        _literal = literal;
    }

    /// <summary>Steps one match costs at most for a path of <paramref name="length"/> characters.</summary>
    public long Cost(int length) => _literal is null ? (long)_nodes.Length * (length + 1) : 1;

    /// <summary>The automaton for a cleaned pattern, or null when it is malformed (an unclosed '[' or a trailing '\').</summary>
    public static DockerIgnorePattern? Compile(string pattern)
    {
        var nodes = new List<Node>();
        var wild = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    wild = true;
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    // As patternmatcher does: "**" at the end matches everything, elsewhere any number of folders.
                    if (i + 1 == pattern.Length)
                    {
                        nodes.Add(new Node(Kind.Rest));
                    }
                    else
                    {
                        nodes.Add(new Node(Kind.Folders));
                        nodes.Add(new Node(Kind.FoldersLoop));
                    }

                    break;
                case '*':
                    wild = true;
                    nodes.Add(new Node(Kind.Star));
                    break;
                case '?':
                    wild = true;
                    nodes.Add(new Node(Kind.Any));
                    break;
                case '[':
                    wild = true;
                    var negated = i + 1 < pattern.Length && pattern[i + 1] == '^';
                    var end = pattern.IndexOf(']', i + (negated ? 2 : 1));
                    if (end < 0)
                    {
                        return null;
                    }

                    var set = pattern[(i + (negated ? 2 : 1))..end];
                    if (set.Length == 0 || set.EndsWith('\\'))
                    {
                        return null;
                    }

                    nodes.Add(new Node(Kind.Class, Set: set, Negated: negated));
                    i = end;
                    break;
                case '\\':
                    if (i + 1 == pattern.Length)
                    {
                        return null;
                    }

                    i++;
                    nodes.Add(new Node(Kind.Char, pattern[i]));
                    break;
                default:
                    nodes.Add(new Node(Kind.Char, c));
                    break;
            }
        }

        nodes.Add(new Node(Kind.Accept));
        nodes.Add(new Node(Kind.Inside));
        return new DockerIgnorePattern([.. nodes], wild ? null : string.Concat(nodes.Where(n => n.Kind == Kind.Char).Select(n => n.Char)));
    }

    /// <summary>True when the pattern matches the path or one of the folders it is in.</summary>
    public bool Matches(string path)
    {
        if (_literal is not null)
        {
            return path.StartsWith(_literal, StringComparison.Ordinal)
                && (path.Length == _literal.Length || path[_literal.Length] == '/');
        }

        var current = new bool[_nodes.Length];
        var next = new bool[_nodes.Length];
        current[0] = true;
        Close(current);
        foreach (var c in path)
        {
            Array.Clear(next);
            var any = false;
            for (var n = 0; n < _nodes.Length; n++)
            {
                if (!current[n])
                {
                    continue;
                }

                var node = _nodes[n];
                switch (node.Kind)
                {
                    case Kind.Char when node.Char == c:
                    case Kind.Any when c != '/':
                    case Kind.Class when InClass(node, c):
                        next[n + 1] = any = true;
                        break;
                    case Kind.Star when c != '/':
                    case Kind.Rest:
                    case Kind.Inside:
                        next[n] = any = true;
                        break;
                    case Kind.Folders or Kind.FoldersLoop:
                        var loop = node.Kind == Kind.Folders ? n + 1 : n;
                        next[loop] = any = true;
                        if (c == '/')
                        {
                            next[loop + 1] = true;
                        }

                        break;
                    case Kind.Accept when c == '/':
                        next[n + 1] = any = true;
                        break;
                }
            }

            if (!any)
            {
                return false;
            }

            (current, next) = (next, current);
            Close(current);
        }

        return current[^2] || current[^1];
    }

    /// <summary>Follows the moves that take no character; they all go forward, so one pass in order is enough.</summary>
    private void Close(bool[] states)
    {
        for (var n = 0; n < _nodes.Length; n++)
        {
            if (states[n] && _nodes[n].Kind is Kind.Star or Kind.Rest)
            {
                states[n + 1] = true;
            }
            else if (states[n] && _nodes[n].Kind is Kind.Folders)
            {
                // Nothing at all: skip the loop node too.
                states[n + 2] = true;
            }
        }
    }

    private static bool InClass(Node node, char c)
    {
        var set = node.Set!;
        var found = false;
        for (var i = 0; i < set.Length && !found; i++)
        {
            var low = set[i] == '\\' && i + 1 < set.Length ? set[++i] : set[i];
            var high = low;
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                i += 2;
                high = set[i] == '\\' && i + 1 < set.Length ? set[++i] : set[i];
            }

            found = c >= low && c <= high;
        }

        return found != node.Negated;
    }
}

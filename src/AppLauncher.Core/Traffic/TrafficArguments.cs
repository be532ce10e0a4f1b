using System.Globalization;

namespace AppLauncher.Core.Traffic;

/// <summary>
/// Reads traffic shares as the CLI takes them (<c>hello-00006=90 hello-00007=10 @latest=0</c>, as <c>kn service
/// update --traffic</c> does) and checks their shape: whole percents from 0 to 100, each revision once, 100 in all.
/// Whether the revisions exist is for the server to say.
/// </summary>
public static class TrafficArguments
{
    public static (IReadOnlyList<TrafficTarget> Shares, string? Error) ParseShares(IEnumerable<string> arguments)
    {
        var shares = new List<TrafficTarget>();
        foreach (var argument in arguments)
        {
            var equals = argument.LastIndexOf('=');
            if (equals <= 0 || equals == argument.Length - 1)
            {
                return ([], $"'{argument}' is not REVISION=PERCENT: write e.g. hello-00007=10 or {TrafficPlan.LatestName}=90");
            }

            var name = argument[..equals].Trim();
            var text = argument[(equals + 1)..].Trim().TrimEnd('%');
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent > 100)
            {
                return ([], $"'{argument}': the share must be a whole percent from 0 to 100");
            }

            var latest = name is TrafficPlan.LatestName or "latest";
            var target = new TrafficTarget { Latest = latest, Revision = latest ? null : name, Percent = percent };
            if (shares.Any(s => s.Name == target.Name))
            {
                return ([], $"{target.Name} is given twice: name each revision once");
            }

            shares.Add(target);
        }

        return Check(shares);
    }

    /// <summary>Checks shares given as a list (the API's body); same rules as <see cref="ParseShares"/>.</summary>
    public static (IReadOnlyList<TrafficTarget> Shares, string? Error) Check(IReadOnlyList<TrafficTarget> shares)
    {
        if (shares.Count == 0)
        {
            return ([], $"give at least one share, e.g. hello-00007=100 or {TrafficPlan.LatestName}=100");
        }

        if (shares.FirstOrDefault(s => s.Percent is < 0 or > 100) is { } bad)
        {
            return ([], $"{bad.Name}={bad.Percent}: a share is a whole percent from 0 to 100");
        }

        if (shares.FirstOrDefault(s => !s.Latest && string.IsNullOrWhiteSpace(s.Revision)) is not null)
        {
            return ([], $"every share names a revision (hello-00007) or {TrafficPlan.LatestName}");
        }

        if (shares.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return ([], $"{twice.Key} is given twice: name each revision once");
        }

        var total = shares.Sum(s => s.Percent);
        if (total != 100)
        {
            return ([], $"the shares add up to {total} %, not 100 % ({string.Join(" + ", shares.Select(s => $"{s.Name}={s.Percent}"))})");
        }

        return ([.. shares.Select(s => s with { Tag = null, Branch = null })], null);
    }
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using AppLauncher.Core.Dns;

namespace AppLauncher.Domains;

/// <summary>
/// TXT records the embedded DNS server answers with: verification tokens and ACME DNS-01 challenge values
/// (<c>_acme-challenge.{host}</c>). Kept in memory: they live only as long as the challenge they serve.
/// </summary>
public sealed class DnsTxtRecords
{
    private readonly ConcurrentDictionary<string, ImmutableList<string>> _records = new(StringComparer.Ordinal);

    /// <summary>Adds one value to the name's set (an ACME order may ask for two values at one name).</summary>
    public void Add(string name, string value) =>
        _records.AddOrUpdate(DnsName.Normalize(name), _ => [value], (_, values) => values.Contains(value) ? values : values.Add(value));

    /// <summary>Removes one value; the name disappears with its last value.</summary>
    public void Remove(string name, string value)
    {
        var key = DnsName.Normalize(name);
        while (_records.TryGetValue(key, out var values))
        {
            var left = values.Remove(value);
            var done = left.IsEmpty
                ? _records.TryRemove(new KeyValuePair<string, ImmutableList<string>>(key, values))
                : _records.TryUpdate(key, left, values);
            if (done)
            {
                return;
            }
        }
    }

    public IReadOnlyList<string> Get(string name) => _records.TryGetValue(DnsName.Normalize(name), out var values) ? values : [];
}

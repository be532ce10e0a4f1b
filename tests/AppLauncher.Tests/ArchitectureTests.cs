using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;

namespace AppLauncher.Tests;

/// <summary>
/// The layers, read from the compiled assemblies: no dependency cycle between the folders (namespaces) of a
/// project, and a core that does no I/O. Projects already make an upward reference a compile error.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Architecture Architecture = new ArchLoader().LoadAssemblies(
        typeof(Core.Detect.Detector).Assembly,
        typeof(AppLauncher.Runtime.IRuntime).Assembly,
        typeof(Deploy.DeployService).Assembly,
        typeof(AppLauncher.Hosting.LauncherApp).Assembly).Build();

    /// <summary>What a pure core never touches: files, processes, sockets, HTTP, databases, the clock's wall time.</summary>
    private static readonly string[] IoTypes =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo",
        "System.Diagnostics.Process", "System.Net.Http.HttpClient", "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient",
        "System.Net.Sockets.UdpClient", "System.Net.Dns", "Microsoft.Data.Sqlite.SqliteConnection", "System.Console",
    ];

    [Fact]
    public void Folders_AreFreeOfCycles()
    {
        var cycles = Cycles(FolderGraph());

        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles.Select(c => string.Join(" <-> ", c))));
    }

    [Fact]
    public void FolderGraph_SeesTheStages()
    {
        // The graph the cycle check reads is real: the pipeline's known arrows are in it.
        var graph = FolderGraph();

        Assert.Contains("AppLauncher.Build", graph["AppLauncher.Deploy"]);
        Assert.Contains("AppLauncher.Release", graph["AppLauncher.Deploy"]);
        Assert.Contains("AppLauncher.Runtime", graph["AppLauncher.Release"]);
        Assert.Contains("AppLauncher.Core.Detect", graph["AppLauncher.Core.Apps"]);
        Assert.DoesNotContain("AppLauncher.Deploy", graph["AppLauncher.Release"]);
    }

    [Fact]
    public void Cycles_TwoFoldersImportingEachOther_AreFound()
    {
        var graph = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };

        Assert.Equal(["A", "B", "C"], Assert.Single(Cycles(graph)).Order());
    }

    /// <summary>A folder is a project's top-level namespace: AppLauncher.Core.Detect (with Detect.Java…), AppLauncher.Runtime.</summary>
    private static string? Folder(string? ns)
    {
        var parts = (ns ?? "").Split('.');
        return parts is ["AppLauncher", "Core", var folder, ..] ? $"AppLauncher.Core.{folder}"
            : parts is ["AppLauncher", var top, ..] && top != "Core" ? $"AppLauncher.{top}"
            : null;
    }

    private static Dictionary<string, HashSet<string>> FolderGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in Architecture.Types)
        {
            if (Folder(type.Namespace?.FullName) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var known) ? known : graph[from] = [];
            foreach (var to in type.Dependencies.Select(d => Folder(d.Target.Namespace?.FullName)).OfType<string>().Where(to => to != from))
            {
                edges.Add(to);
            }
        }

        return graph;
    }

    /// <summary>Strongly connected components of more than one folder (Tarjan).</summary>
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    cycles.Add(component);
                }
            }
        }

        foreach (var v in graph.Keys.ToList())
        {
            if (!index.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return cycles;
    }

    [Fact]
    public void Core_DoesNoIo()
    {
        var uses = IoUses("AppLauncher.Core");

        Assert.True(uses.Count == 0, "the core does I/O: " + string.Join("; ", uses));
    }

    [Fact]
    public void IoUses_StoreAndRuntime_AreFound()
    {
        // The check is real: where I/O happens, it sees it.
        Assert.Contains(IoUses("AppLauncher.Store"), u => u.Contains("Microsoft.Data.Sqlite.SqliteConnection", StringComparison.Ordinal));
        Assert.Contains(IoUses("AppLauncher.Settings").Concat(IoUses("AppLauncher.Security")), u => u.Contains("System.IO.File", StringComparison.Ordinal));
    }

    /// <summary>"type -> I/O type" for every type at or below <paramref name="ns"/> that uses one of <see cref="IoTypes"/>.</summary>
    private static List<string> IoUses(string ns) =>
        [.. Architecture.Types
            .Where(t => t.Namespace?.FullName is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal)))
            .SelectMany(t => t.Dependencies.Where(d => IoTypes.Contains(d.Target.FullName)).Select(d => $"{t.FullName} -> {d.Target.FullName}"))
            .Distinct()];

    [Fact]
    public void Proxy_NeverImportsBuildOrGit()
    {
        var proxy = FolderGraph()["AppLauncher.Proxy"];

        Assert.DoesNotContain("AppLauncher.Build", proxy);
        Assert.DoesNotContain("AppLauncher.Git", proxy);
        Assert.Contains("AppLauncher.Runtime", proxy); // the endpoint sink it implements sits below it
    }

    [Fact]
    public void Adapters_NeverImportTheStages()
    {
        var adapters = typeof(AppLauncher.Runtime.IRuntime).Assembly;
        var stages = typeof(Deploy.DeployService).Assembly;
        var stageFolders = stages.GetTypes().Select(t => Folder(t.Namespace)).OfType<string>().ToHashSet();
        var graph = FolderGraph();

        foreach (var folder in adapters.GetTypes().Select(t => Folder(t.Namespace)).OfType<string>().Distinct())
        {
            Assert.Empty(graph[folder].Intersect(stageFolders));
        }

        Assert.Contains("AppLauncher.Proxy", stageFolders);
    }
}

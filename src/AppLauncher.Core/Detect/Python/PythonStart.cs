using System.Text.RegularExpressions;

namespace AppLauncher.Core.Detect.Python;

/// <summary>
/// The start command of a Python project: Procfile <c>web:</c>; Django (<c>manage.py</c>) under gunicorn;
/// a pyproject entry point (<c>[project.scripts]</c> or <c>[tool.poetry.scripts]</c>: the only one, or the one called
/// web, serve, server, start or app); a FastAPI app under uvicorn, a Flask app under gunicorn when those servers are
/// dependencies; else <c>python main.py</c> / <c>app.py</c> / <c>server.py</c>.
/// </summary>
public static partial class PythonStart
{
    public static readonly string[] EntryFiles = ["main.py", "app.py", "server.py"];

    /// <summary>Commands a Procfile's web process may start with that mean Python, and the distribution that provides each.</summary>
    private static readonly Dictionary<string, string?> Runners = new(StringComparer.Ordinal)
    {
        ["python"] = null, ["python3"] = null, ["gunicorn"] = "gunicorn", ["uvicorn"] = "uvicorn", ["hypercorn"] = "hypercorn",
        ["waitress-serve"] = "waitress", ["daphne"] = "daphne",
    };

    /// <summary>Script names, in order, that say "this one serves the web" when a pyproject declares several.</summary>
    private static readonly string[] WebScripts = ["web", "serve", "server", "start", "app"];

    /// <summary>The Python command the Procfile's web process runs (python, gunicorn…) and the distribution it needs, or null.</summary>
    public static (string Runner, string? Distribution)? ProcfileRunner(ISourceTree tree) =>
        Procfile.WebCommand(tree)?.Split(' ', 2)[0] is { } first && Runners.TryGetValue(first, out var distribution)
            ? (first, distribution)
            : null;

    /// <summary>The command and the file that decided it; or an error message when the project cannot start as it is.</summary>
    public static (string? Start, string Source, string? Error) Find(ISourceTree tree, PythonProject? project)
    {
        if (Procfile.WebCommand(tree) is { } web)
        {
            return (web, Procfile.FileName + " web:", null);
        }

        var has = (string name) => project?.Has(name) ?? false;
        if (tree.Exists("manage.py"))
        {
            var wsgi = tree.Files.FirstOrDefault(f => f.Count(c => c == '/') == 1 && f.EndsWith("/wsgi.py", StringComparison.Ordinal));
            if (wsgi is not null && has("gunicorn"))
            {
                return ($"gunicorn {wsgi[..^3].Replace('/', '.')}:application --bind 0.0.0.0:$PORT", $"manage.py, {wsgi}", null);
            }

            return ("python manage.py runserver 0.0.0.0:$PORT --noreload", "manage.py", null);
        }

        if (EntryPoint(tree) is { } script)
        {
            return (script.Start, script.Source, null);
        }

        foreach (var file in EntryFiles)
        {
            if (tree.ReadText(file) is not { } code)
            {
                continue;
            }

            var module = file[..^3];
            if (AppObject(code, "FastAPI") is { } fastapi && !code.Contains("uvicorn.run(", StringComparison.Ordinal))
            {
                return has("uvicorn")
                    ? ($"uvicorn {module}:{fastapi} --host 0.0.0.0 --port $PORT", file, null)
                    : (null, file, $"{file} defines a FastAPI app but nothing serves it: add uvicorn to the dependencies " +
                        $"(it then runs 'uvicorn {module}:{fastapi}'), or a Procfile line 'web: uvicorn {module}:{fastapi} --host 0.0.0.0 --port $PORT'.");
            }

            if (AppObject(code, "Flask") is { } flask && has("gunicorn"))
            {
                return ($"gunicorn {module}:{flask} --bind 0.0.0.0:$PORT", file, null);
            }

            return ($"python {file}", file, null);
        }

        return (null, "", null);
    }

    /// <summary>
    /// The pyproject script that serves the app, run as its console-script wrapper would run it (the project itself is not
    /// installed, so the wrapper is not there): <c>web = "shop.server:main"</c> → <c>python -c '… from shop.server import main …'</c>.
    /// </summary>
    private static (string Start, string Source)? EntryPoint(ISourceTree tree)
    {
        if (tree.ReadText("pyproject.toml") is not { } text)
        {
            return null;
        }

        foreach (var table in new[] { "project.scripts", "tool.poetry.scripts" })
        {
            var scripts = TomlSections.Table(text, table)
                .Select(kv => (Name: kv.Key, Target: TomlSections.String(kv.Value)))
                .Where(s => s.Target is not null && ScriptTarget().IsMatch(s.Target))
                .ToList();
            var chosen = scripts.Count == 1 ? scripts[0] : WebScripts.Select(w => scripts.FirstOrDefault(s => s.Name == w)).FirstOrDefault(s => s.Name is not null);
            if (chosen.Name is null)
            {
                continue;
            }

            var (module, callable) = (chosen.Target![..chosen.Target!.IndexOf(':', StringComparison.Ordinal)], chosen.Target[(chosen.Target.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            var imported = callable.Split('.')[0];
            return ($"python -c 'import sys; from {module} import {imported}; sys.exit({callable}())'", $"pyproject.toml [{table}] {chosen.Name}");
        }

        return null;
    }

    /// <summary>The variable a module assigns an app object to: <c>app = Flask(__name__)</c> → <c>app</c>.</summary>
    private static string? AppObject(string code, string type) =>
        AppAssignment().Matches(code).FirstOrDefault(m => m.Groups[2].Value == type) is { } m ? m.Groups[1].Value : null;

    /// <summary>An entry point reference, <c>package.module:object.attribute</c>: identifiers and dots only.</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex ScriptTarget();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)?(FastAPI|Flask)\(", RegexOptions.Multiline)]
    private static partial Regex AppAssignment();
}

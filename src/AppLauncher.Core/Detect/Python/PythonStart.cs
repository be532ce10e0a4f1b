using System.Text.RegularExpressions;

namespace AppLauncher.Core.Detect.Python;

/// <summary>
/// The start command of a Python project: Procfile <c>web:</c>; Django (<c>manage.py</c>) under gunicorn;
/// a FastAPI app under uvicorn, a Flask app under gunicorn when those servers are dependencies; else
/// <c>python main.py</c> / <c>app.py</c> / <c>server.py</c>.
/// </summary>
public static partial class PythonStart
{
    public static readonly string[] EntryFiles = ["main.py", "app.py", "server.py"];

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

    /// <summary>The variable a module assigns an app object to: <c>app = Flask(__name__)</c> → <c>app</c>.</summary>
    private static string? AppObject(string code, string type) =>
        AppAssignment().Matches(code).FirstOrDefault(m => m.Groups[2].Value == type) is { } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:[A-Za-z_][A-Za-z0-9_]*\.)?(FastAPI|Flask)\(", RegexOptions.Multiline)]
    private static partial Regex AppAssignment();
}

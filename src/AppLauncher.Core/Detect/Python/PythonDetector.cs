namespace AppLauncher.Core.Detect.Python;

/// <summary>
/// Detects Python projects (requirements.txt, pyproject.toml, Pipfile, a main.py/app.py/server.py/manage.py, or a Procfile
/// whose web process runs python or a Python server).
/// </summary>
public sealed class PythonDetector : IBuildpackDetector
{
    public string Name => "python";

    public string LooksFor => "requirements.txt, pyproject.toml, Pipfile, main.py/app.py/server.py or a Procfile 'web: python …' (python)";

    public DetectResult Detect(ISourceTree tree)
    {
        var project = PythonProject.Read(tree);
        var entry = PythonStart.EntryFiles.Append("manage.py").FirstOrDefault(tree.Exists);
        // 'web: python bot.py' or 'web: gunicorn wsgi:app' says Python even with no manifest and no usual entry file.
        var server = PythonStart.ProcfileRunner(tree);
        if (project is null && entry is null && server is null)
        {
            return DetectResult.Fail("no requirements.txt, pyproject.toml, Pipfile, main.py/app.py/server.py/manage.py, or Procfile 'web: python …'");
        }

        var decidedBy = new List<string>();
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (project is not null)
        {
            decidedBy.Add(project.ManifestFile);
        }

        var declared = project?.Requirements ?? [];
        // The Procfile runs a server nothing declares (often with no requirements file at all): it is installed too.
        var extra = server?.Distribution is { } distribution && !declared.Any(r => PythonProject.NameOf(r) == distribution) ? distribution : null;
        IReadOnlyList<string> requirements = extra is null ? declared : [.. declared, extra];
        facts["dependencies"] = string.Join(" ", requirements);

        // requirements.txt is copied alone before the install, so its layer is keyed by that file; the other manifests'
        // dependencies are written into the RUN line itself, which keys the layer just as well.
        var fromFile = project?.ManifestFile == "requirements.txt" && declared.Count > 0;
        facts["manifests"] = fromFile ? "requirements.txt" : "";
        facts["install"] = requirements.Count == 0 ? ""
            : fromFile ? "pip install -r requirements.txt" + (extra is null ? "" : " " + Quote(extra))
            : "pip install " + string.Join(" ", requirements.Select(Quote));
        facts["venv"] = requirements.Count == 0 ? "python3 -m venv --without-pip /opt/venv" : "python3 -m venv /opt/venv";
        if (project?.PythonVersion is { } version)
        {
            facts["pythonVersion"] = version;
            decidedBy.Add(project.VersionFile!);
        }

        var (start, source, error) = PythonStart.Find(tree, project);
        if (error is not null)
        {
            return DetectResult.Error(error);
        }

        if (start is null && Procfile.TypesWithoutWeb(tree) is { } types)
        {
            return Procfile.PassWithoutWeb(Name, decidedBy, facts, types);
        }

        if (start is null)
        {
            return DetectResult.Error(
                $"{project!.ManifestFile} found, but no start command: add a main.py, app.py or server.py, " +
                "a Procfile line such as 'web: gunicorn app:app --bind 0.0.0.0:$PORT', or 'start:' in launcher.yaml.");
        }

        decidedBy.Add(source);
        facts["start"] = start;
        return DetectResult.Pass(new Detection(Name, decidedBy.Distinct().ToList(), facts, start), $"python: {string.Join(", ", decidedBy.Distinct())}");
    }

    private static string Quote(string requirement) => "'" + requirement.Replace("'", "", StringComparison.Ordinal) + "'";
}

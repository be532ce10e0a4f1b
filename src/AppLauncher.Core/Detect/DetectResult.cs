namespace AppLauncher.Core.Detect;

/// <summary>The detect contract, as in the buildpacks lifecycle.</summary>
public enum DetectOutcome
{
    /// <summary>The buildpack applies and has a plan.</summary>
    Pass,

    /// <summary>The buildpack does not apply to this project.</summary>
    Fail,

    /// <summary>The buildpack applies but the project is broken; the message says what to fix.</summary>
    Error,
}

/// <summary>What a buildpack found: the files that decided it, the facts it computed and the start command.</summary>
public sealed record Detection(
    string Buildpack,
    IReadOnlyList<string> DecidedBy,
    IReadOnlyDictionary<string, string> Facts,
    string? Start)
{
    /// <summary>
    /// The project has no web process: its Procfile names only other types and nothing else gave a start command
    /// (<see cref="Procfile.TypesWithoutWeb"/>). Its revisions get no readiness probe, route, autoscaler or URL.
    /// </summary>
    public bool NoWeb { get; init; }
}

/// <summary>A buildpack's answer for one project.</summary>
public sealed record DetectResult(DetectOutcome Outcome, Detection? Detection, string Message)
{
    public static DetectResult Pass(Detection detection, string message) => new(DetectOutcome.Pass, detection, message);

    public static DetectResult Fail(string message) => new(DetectOutcome.Fail, null, message);

    public static DetectResult Error(string message) => new(DetectOutcome.Error, null, message);
}

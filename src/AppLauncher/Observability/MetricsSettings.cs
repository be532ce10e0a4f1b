namespace AppLauncher.Observability;

/// <summary>What the stages need to know of <c>metrics:</c> in launcher.yaml.</summary>
/// <param name="Enabled">False: nothing is recorded or exported, and <c>/metrics</c> answers 404.</param>
public sealed record MetricsSettings(bool Enabled);

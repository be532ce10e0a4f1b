using AppLauncher.Core.Detect;

namespace AppLauncher.Build;

/// <summary>A built image: its tag, its id, and what detection decided.</summary>
public sealed record BuildResult(string Image, string ImageId, Detection Detection);

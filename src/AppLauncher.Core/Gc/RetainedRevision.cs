namespace AppLauncher.Core.Gc;

/// <summary>What retention needs to know of one revision: its name, its number within the app, and the image it runs.</summary>
public sealed record RetainedRevision(string Name, int Number, string ImageId);

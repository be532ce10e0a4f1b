namespace AppLauncher.Tests.Kubernetes;

/// <summary>A request the stand-in API server received, as it arrived.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body, string? Authorization, bool ClientCertificate);

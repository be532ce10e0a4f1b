namespace AppLauncher.Certificates;

/// <summary>A certificate or key file on disk that AppLauncher cannot use; the message names the file and what to do.</summary>
public sealed class CertificateFileException(string message, Exception? inner = null) : Exception(message, inner);

namespace AppLauncher.Core.Dns;

/// <summary>A DNS message (or name) that does not follow RFC 1035: the message says what is wrong and where.</summary>
public sealed class DnsFormatException(string message) : Exception(message);

namespace AppLauncher.Core.Tls;

/// <summary>What reading the start of a TLS connection found.</summary>
public enum ClientHelloResult
{
    /// <summary>A ClientHello, read: its server name and protocols are known.</summary>
    Complete,

    /// <summary>So far a TLS record that is not complete yet: read more (up to <see cref="ClientHello.MaxRecordBytes"/>).</summary>
    NeedMore,

    /// <summary>Not a TLS handshake record (plain HTTP, garbage): let the TLS layer refuse it.</summary>
    NotClientHello,

    /// <summary>A handshake record whose lengths do not add up.</summary>
    Malformed,
}

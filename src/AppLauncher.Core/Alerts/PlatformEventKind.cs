namespace AppLauncher.Core.Alerts;

/// <summary>Things that happen on the platform that an alert rule can name (<c>event crash-loop</c>, <c>event deploy-failed</c>, …).</summary>
public enum PlatformEventKind
{
    /// <summary>A revision crashed twice or more in a row and backs off (<c>crash-loop</c>).</summary>
    CrashLoop,

    /// <summary>A push or config change did not release (<c>deploy-failed</c>).</summary>
    DeployFailed,

    /// <summary>Registering an app's name in the external DNS server failed (<c>dns-registration-failed</c>).</summary>
    DnsRegistrationFailed,

    /// <summary>A served certificate expires soon (<c>certificate-expiring</c>); published by the TLS work.</summary>
    CertificateExpiring,
}

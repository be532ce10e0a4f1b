using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AppLauncher.Security;

namespace AppLauncher.Certificates;

/// <summary>
/// AppLauncher's own certificate authority, as Caddy's local CA is: a long-lived ECDSA P-256 root made on first start
/// (<c>tls/local-ca.crt</c>, the file clients trust; its private key sealed like the secrets in <c>tls/local-ca.key</c>,
/// mode 0600), which signs short-lived leaf certificates for the names this server answers. The root never leaves
/// this class with its key.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    public const string RootFileName = "local-ca.crt";
    public const string KeyFileName = "local-ca.key";

    /// <summary>How long a leaf is valid; <see cref="LocalLeafCertificates"/> renews it when a third of that is left.</summary>
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(7);

    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);

    /// <summary>Certificates start this long before they are made, so clocks a little behind ours accept them.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private const string KeyContext = "tls/local-ca.key";
    private readonly X509Certificate2 _signer;
    private readonly TimeProvider _time;

    private LocalCertificateAuthority(X509Certificate2 signer, string rootPath, TimeProvider time)
    {
        _signer = signer;
        _time = time;
        RootPath = rootPath;
        Root = X509CertificateLoader.LoadCertificate(signer.RawData);
    }

    /// <summary>The root certificate (no private key), as clients trust it.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>Where the root certificate is (PEM): what <c>curl --cacert</c> and <c>git -c http.sslCAInfo</c> take.</summary>
    public string RootPath { get; }

    /// <summary>
    /// Reads the local CA from <paramref name="directory"/>, or makes it there when neither file exists. A file that is
    /// damaged, half of a pair, expired or not a CA stops start-up with a <see cref="CertificateFileException"/> naming it.
    /// </summary>
    public static LocalCertificateAuthority LoadOrCreate(string directory, SecretBox secrets, TimeProvider time)
    {
        var rootPath = Path.Combine(directory, RootFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        var (hasRoot, hasKey) = (File.Exists(rootPath), File.Exists(keyPath));
        if (!hasRoot && !hasKey)
        {
            return Create(directory, rootPath, keyPath, secrets, time);
        }

        var regenerate = $"delete {rootPath} and {keyPath} and start again to make a new local CA (clients that trusted the old root must then trust the new {RootFileName})";
        if (hasRoot != hasKey)
        {
            var (missing, present) = hasRoot ? (keyPath, rootPath) : (rootPath, keyPath);
            throw new CertificateFileException($"{missing} is missing but {present} is there: put it back from a backup of the data directory, or {regenerate}.");
        }

        X509Certificate2 root;
        try
        {
            root = X509Certificate2.CreateFromPem(File.ReadAllText(rootPath));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CertificateFileException($"{rootPath} is not a PEM certificate AppLauncher can read ({e.Message.TrimEnd('.')}): {regenerate}.", e);
        }

        using (root)
        {
            var constraints = root.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is not { CertificateAuthority: true })
            {
                throw new CertificateFileException($"{rootPath} is not a CA certificate (no basicConstraints CA:TRUE): {regenerate}.");
            }

            if (root.NotAfter.ToUniversalTime() <= time.GetUtcNow().UtcDateTime)
            {
                throw new CertificateFileException($"{rootPath} expired on {root.NotAfter.ToUniversalTime():yyyy-MM-dd}: {regenerate}.");
            }

            var key = ECDsa.Create();
            try
            {
                var sealedKey = File.ReadAllText(keyPath).Trim();
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(secrets.Open(sealedKey, KeyContext)), out _);
                return new LocalCertificateAuthority(root.CopyWithPrivateKey(key), rootPath, time);
            }
            catch (SecretsException e)
            {
                throw new CertificateFileException($"{keyPath} cannot be opened: {e.Message} Or {regenerate}.", e);
            }
            catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or InvalidOperationException)
            {
                throw new CertificateFileException($"{keyPath} does not hold the private key of {rootPath} ({e.Message.TrimEnd('.')}): {regenerate}.", e);
            }
            finally
            {
                key.Dispose();
            }
        }
    }

    /// <summary>
    /// A new leaf certificate (with its own fresh private key) for <paramref name="dnsNames"/> and
    /// <paramref name="addresses"/>, valid for <see cref="LeafLifetime"/>, signed by the root.
    /// </summary>
    public X509Certificate2 Issue(IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(dnsNames.Count > 0 ? dnsNames[0] : addresses[0].ToString());
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_signer, true, false));
        var now = _time.GetUtcNow();
        var notAfter = now + LeafLifetime;
        if (notAfter > _signer.NotAfter.ToUniversalTime())
        {
            notAfter = _signer.NotAfter.ToUniversalTime();
        }

        using var signed = request.Create(_signer, now - Backdate, notAfter, Serial());
        return signed.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        _signer.Dispose();
        Root.Dispose();
    }

    private static LocalCertificateAuthority Create(string directory, string rootPath, string keyPath, SecretBox secrets, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = time.GetUtcNow();
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("AppLauncher");
        subject.AddCommonName($"AppLauncher Local CA {now:yyyy-MM-dd} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var root = request.CreateSelfSigned(now - Backdate, now + RootLifetime);

        OwnerOnlyFiles.CreateDirectory(directory);
        // The key first: a root on disk always has its key beside it (a crash in between leaves a key alone, which start-up names).
        OwnerOnlyFiles.WriteAllText(keyPath, secrets.Seal(Convert.ToBase64String(key.ExportPkcs8PrivateKey()), KeyContext) + "\n");
        OwnerOnlyFiles.WriteAllText(rootPath, root.ExportCertificatePem() + "\n");
        return new LocalCertificateAuthority(root, rootPath, time);
    }

    /// <summary>A random positive 128-bit serial number (RFC 5280: unique per issuer, at most 20 octets).</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}

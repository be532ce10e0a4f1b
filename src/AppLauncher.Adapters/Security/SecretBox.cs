using System.Security.Cryptography;
using System.Text;

namespace AppLauncher.Security;

/// <summary>
/// Encrypts values at rest with AES-256-GCM under a key kept in the data directory (<c>secrets.key</c>, mode 0600,
/// made when the first value is sealed). A sealed value is <c>v1:keyid:nonce:ciphertext:tag</c> (base64 parts), with
/// a fresh random nonce each time. The context (e.g. the app and variable) is authenticated too, so a value copied to
/// another row does not open there.
/// </summary>
public sealed class SecretBox(string keyPath)
{
    public const string KeyFileName = "secrets.key";
    private const string Version = "v1";
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Lock _gate = new();
    private byte[]? _key;
    private string? _keyId;

    public string KeyPath { get; } = keyPath;

    /// <summary>Whether there is a key to seal with already (the file exists, or this process read or made it).</summary>
    public bool HasKey
    {
        get
        {
            lock (_gate)
            {
                return _key is not null || File.Exists(KeyPath);
            }
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/>; makes the key file first if there is none.</summary>
    public string Seal(string plaintext, string context)
    {
        var (key, keyId) = Key(create: true);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var ciphertext = new byte[data.Length];
        var tag = new byte[TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, data, ciphertext, tag, Encoding.UTF8.GetBytes(context));
        return string.Join(':', Version, keyId, Convert.ToBase64String(nonce), Convert.ToBase64String(ciphertext), Convert.ToBase64String(tag));
    }

    /// <summary>Decrypts a value <see cref="Seal"/> made for the same <paramref name="context"/>.</summary>
    public string Open(string sealedValue, string context)
    {
        var (nonce, ciphertext, tag) = Parse(sealedValue, context);
        var key = Key(create: false).Key;
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretsException($"the stored value of {context} fails its integrity check: it was altered in the store. Set it again.");
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>Throws when the key that sealed <paramref name="sealedValue"/> is not the key file's (or there is no key file).</summary>
    public void CheckKeyOf(string sealedValue, string context) => Parse(sealedValue, context);

    private (byte[] Nonce, byte[] Ciphertext, byte[] Tag) Parse(string sealedValue, string context)
    {
        var parts = sealedValue.Split(':');
        if (parts.Length != 5 || parts[0] != Version)
        {
            throw new SecretsException($"the stored value of {context} is not a value AppLauncher encrypted ({Version}:keyid:nonce:ciphertext:tag).");
        }

        var keyId = Key(create: false).KeyId;
        if (parts[1] != keyId)
        {
            throw new SecretsException(
                $"the store's encrypted values were sealed with key {parts[1]}, but {KeyPath} holds key {keyId}: put the original {KeyFileName} back (from a backup of the data directory; a second replica takes a copy of the first one's key).");
        }

        try
        {
            return (Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), Convert.FromBase64String(parts[4]));
        }
        catch (FormatException)
        {
            throw new SecretsException($"the stored value of {context} is damaged (not base64).");
        }
    }

    private (byte[] Key, string KeyId) Key(bool create)
    {
        lock (_gate)
        {
            if (_key is null)
            {
                _key = File.Exists(KeyPath) ? Read(KeyPath)
                    : create ? Create(KeyPath)
                    : throw new SecretsException(
                        $"{KeyPath} is missing, but the store holds values encrypted with it. Put it back from a backup of the data directory; " +
                        "without it the encrypted config cannot be read (to start over, remove the apps' config and revisions).");
                _keyId = Convert.ToHexStringLower(SHA256.HashData(_key))[..8];
            }

            return (_key, _keyId!);
        }
    }

    private static byte[] Read(string path)
    {
        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return key.Length == KeySize ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new SecretsException($"{path} does not hold a key AppLauncher made (base64 of {KeySize} bytes).");
        }
    }

    private static byte[] Create(string path)
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Created with mode 0600 from the start: there is no moment when others may read it.
        OwnerOnlyFiles.Create(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key) + "\n");
        });

        return key;
    }
}

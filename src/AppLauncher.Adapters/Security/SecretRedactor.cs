namespace AppLauncher.Security;

/// <summary>Masks known secret values in text that came from an app (its output), before the text is shown to anyone.</summary>
public static class SecretRedactor
{
    public const string Mask = "********";

    public static string Redact(string text, IEnumerable<string> secrets) =>
        secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)
            .Aggregate(text, (t, secret) => t.Replace(secret, Mask, StringComparison.Ordinal));
}

using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Companion.Core.Security;

/// <summary>
/// The one redaction layer. Every error message, log line, CLI output and formatter passes text through
/// <see cref="Redact"/>: it hides bearer tokens, Authorization headers, client keys and certificates, passwords,
/// exec-plugin credentials and JWTs by pattern, and every secret a source registered with <see cref="RegisterSecret"/>.
/// </summary>
public static partial class Redactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "[REDACTED]";

    private const int MinimumSecretLength = 4;
    private static readonly ConcurrentDictionary<string, byte> KnownSecrets = new(StringComparer.Ordinal);

    /// <summary>
    /// Remembers a secret value (a token, a password, key data) so that it is masked wherever it shows up later,
    /// even in a shape no pattern knows. Values shorter than 4 characters are ignored (they would mask ordinary text).
    /// </summary>
    public static void RegisterSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Trim().Length < MinimumSecretLength)
        {
            return;
        }

        KnownSecrets.TryAdd(secret.Trim(), 0);
    }

    /// <summary>Returns the text with every known and recognisable secret replaced by <see cref="Mask"/>.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = text;
        foreach (var secret in KnownSecrets.Keys.OrderByDescending(s => s.Length))
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        result = PemBlock().Replace(result, Mask);
        result = AuthorizationHeader().Replace(result, m => m.Groups["name"].Value + Mask);
        result = BearerToken().Replace(result, m => m.Groups["scheme"].Value + Mask);
        result = SecretField().Replace(result, m => m.Groups["key"].Value + m.Groups["sep"].Value + m.Groups["quote"].Value + Mask);
        result = Jwt().Replace(result, Mask);
        return result;
    }

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)")]
    private static partial Regex PemBlock();

    [GeneratedRegex(@"(?<name>\b(?:proxy-)?authorization\s*[:=]\s*)[^\r\n,;}]+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"(?<scheme>\b(?:bearer|basic)\s+)(?!\[REDACTED\])[A-Za-z0-9\-._~+/=:]{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    // token: x, "password":"x", client-key-data: x, id-token=x, refresh-token, client-secret, access-token ...
    [GeneratedRegex(
        @"(?<key>[""']?\b(?:token|id-token|idToken|refresh-token|refreshToken|access-token|accessToken|client-secret|clientSecret|password|passwd|secret|client-key-data|client-key|clientKeyData|client-certificate-data|clientCertificateData|tokenFile|token-file)\b[""']?)(?<sep>\s*[:=]\s*)(?<quote>[""']?)(?!\[REDACTED\])[^\s""',;}\]]+",
        RegexOptions.IgnoreCase)]
    private static partial Regex SecretField();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();
}

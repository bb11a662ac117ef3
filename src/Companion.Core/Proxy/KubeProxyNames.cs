using System.Security.Cryptography;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>
/// kube-proxy's chain names, reproduced bit for bit (pkg/proxy/iptables and pkg/proxy/nftables):
/// <code>
/// iptables: prefix + base32(SHA-256(spn + proto))[..16]             KUBE-SVC-XPGD46QRK7WJZT7O
///           KUBE-SEP- + base32(SHA-256(spn + proto + ip:port))[..16] KUBE-SEP-SXIVWICOYRO3J4NJ
/// nft:      prefix + base32(SHA-256(readable))[..8] + "-" + readable  service-ULMVA6XW-ns1/svc1/tcp/p80
/// </code>
/// The service-port name (spn) is "ns/name" plus ":portName" when the port has a name.
/// </summary>
public static class KubeProxyNames
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int NftChainNameBaseLengthMax = 240;

    /// <summary>"ns/name" or "ns/name:portName" (Go's ServicePortName.String()).</summary>
    public static string ServicePortName(string @namespace, string name, string? portName) =>
        string.IsNullOrEmpty(portName) ? $"{@namespace}/{name}" : $"{@namespace}/{name}:{portName}";

    /// <summary>KUBE-SVC-…, KUBE-SVL-…, KUBE-EXT-…, KUBE-FW-… for a service port.</summary>
    /// <remarks>prefix: "KUBE-SVC", "KUBE-SVL", "KUBE-EXT" or "KUBE-FW" (a trailing dash is optional).</remarks>
    public static string ServicePortChain(string prefix, string servicePortName, string protocol)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return WithDash(prefix) + Base32Sha256(servicePortName + protocol.ToLowerInvariant())[..16];
    }

    /// <summary>KUBE-SEP-… for one endpoint ("ip:port", IPv6 in brackets) of a service port.</summary>
    public static string EndpointChain(string servicePortName, string protocol, string endpoint) =>
        "KUBE-SEP-" + Base32Sha256(servicePortName + protocol.ToLowerInvariant() + endpoint)[..16];

    /// <summary>"ip:port" as Go's net.JoinHostPort prints it.</summary>
    public static string JoinHostPort(string ip, int port) =>
        ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}";

    /// <summary>nft: service-/local-/external-/firewall- + hash + "-ns/name/proto/portName".</summary>
    /// <remarks>prefix: "service", "local", "external" or "firewall" (a trailing dash is optional).</remarks>
    public static string ServiceChainName(string prefix, string @namespace, string name, string protocol, string? portName)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return WithDash(prefix) + HashAndTruncate($"{@namespace}/{name}/{protocol.ToLowerInvariant()}/{portName}");
    }

    /// <summary>nft: endpoint-/affinity- + hash + "-ns/name/proto/portName__ip/port" (IPv6 colons become dots).</summary>
    public static string EndpointChainName(string prefix, string @namespace, string name, string protocol, string? portName, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(endpoint);
        var (host, port) = SplitHostPort(endpoint);
        var ipPort = host.Replace(':', '.') + "/" + port;
        return WithDash(prefix) + HashAndTruncate($"{@namespace}/{name}/{protocol.ToLowerInvariant()}/{portName}__{ipPort}");
    }

    private static (string Host, string Port) SplitHostPort(string endpoint)
    {
        if (endpoint.StartsWith('['))
        {
            var close = endpoint.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var rest = endpoint[(close + 1)..];
                return (endpoint[1..close], rest.StartsWith(':') ? rest[1..] : rest);
            }
        }

        var colon = endpoint.LastIndexOf(':');
        return colon < 0 ? (endpoint, "") : (endpoint[..colon], endpoint[(colon + 1)..]);
    }

    private static string HashAndTruncate(string readable)
    {
        var name = Base32Sha256(readable)[..8] + "-" + readable;
        return name.Length > NftChainNameBaseLengthMax ? name[..(NftChainNameBaseLengthMax - 3)] + "..." : name;
    }

    private static string WithDash(string prefix) => prefix.EndsWith('-') ? prefix : prefix + "-";

    /// <summary>Standard base32 (RFC 4648 alphabet) of the SHA-256 of the UTF-8 text.</summary>
    internal static string Base32Sha256(string text)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var sb = new StringBuilder(56);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return sb.ToString();
    }
}

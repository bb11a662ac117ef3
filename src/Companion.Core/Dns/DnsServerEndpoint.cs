using System.Globalization;
using System.Net;

namespace Companion.Core.Dns;

/// <summary>A DNS server address and port. Parses "IP", "IP:port", "[v6]:port" and a bare IPv6 address.</summary>
public sealed record DnsServerEndpoint(string Address, int Port = 53)
{
    /// <summary>Parses a server string; returns false (and an error message) on anything else. Never throws.</summary>
    public static bool TryParse(string? text, out DnsServerEndpoint? endpoint, out string error)
    {
        endpoint = null;
        error = "";
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            error = "empty server address";
            return false;
        }

        string host = s;
        string? port = null;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"bad server '{s}': missing ']'";
                return false;
            }

            host = s[1..close];
            var rest = s[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    error = $"bad server '{s}'";
                    return false;
                }

                port = rest[1..];
            }
        }
        else if (s.Count(c => c == ':') == 1)
        {
            var colon = s.IndexOf(':', StringComparison.Ordinal);
            host = s[..colon];
            port = s[(colon + 1)..];
        }
        else if (s.Contains('#', StringComparison.Ordinal))
        {
            var hash = s.IndexOf('#', StringComparison.Ordinal);
            host = s[..hash];
            port = s[(hash + 1)..];
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            error = $"bad server '{s}': '{host}' is not an IP address";
            return false;
        }

        var portNumber = 53;
        if (port is not null &&
            (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535))
        {
            error = $"bad server '{s}': port must be 1-65535";
            return false;
        }

        endpoint = new DnsServerEndpoint(ip.ToString(), portNumber);
        return true;
    }

    /// <summary>"IP:port", "[v6]:port", or the bare address when the port is 53.</summary>
    public override string ToString()
    {
        var v6 = Address.Contains(':', StringComparison.Ordinal);
        if (Port == 53)
        {
            return Address;
        }

        return v6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
    }
}

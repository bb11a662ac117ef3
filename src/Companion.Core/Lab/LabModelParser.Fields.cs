using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Companion.Core.Diagnostics;

namespace Companion.Core.Lab;

/// <summary>Field readers: each checks the JSON kind and reports instead of throwing.</summary>
public static partial class LabModelParser
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DomainRegex();

    private static bool Names(JsonElement x, string where, string source, List<Diagnostic> d, out string ns, out string name)
    {
        ns = "default";
        name = "";
        if (x.ValueKind != JsonValueKind.Object)
        {
            d.Add(Diagnostic.Fail($"{where}: must be an object", source));
            return false;
        }

        ns = Str(x, "namespace", source, d) ?? "default";
        name = Str(x, "name", source, d) ?? "";
        if (!LabelRegex().IsMatch(ns) || !LabelRegex().IsMatch(name))
        {
            d.Add(Diagnostic.Fail($"{where}: namespace and name must be DNS labels of at most 40 characters ('{ns}/{name}'); skipped", source));
            return false;
        }

        if (ns == "kube-system" && name is "coredns" or "kube-dns")
        {
            d.Add(Diagnostic.Warn($"{where}: kube-system/{name} is built into the lab; skipped", source));
            return false;
        }

        return true;
    }

    private static string? Str(JsonElement x, string property, string source, List<Diagnostic> d)
    {
        if (x.ValueKind != JsonValueKind.Object || !x.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        d.Add(Diagnostic.Fail($"{property} must be a string", source));
        return null;
    }

    private static int Int(JsonElement x, string property, int fallback, string source, List<Diagnostic> d)
    {
        if (x.ValueKind != JsonValueKind.Object || !x.TryGetProperty(property, out var v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
        {
            return n;
        }

        d.Add(Diagnostic.Fail($"{property} must be a whole number", source));
        return fallback;
    }

    private static List<JsonElement> Array(JsonElement x, string property, string source, List<Diagnostic> d)
    {
        if (x.ValueKind != JsonValueKind.Object || !x.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind == JsonValueKind.Array)
        {
            return v.EnumerateArray().ToList();
        }

        d.Add(Diagnostic.Fail($"{property} must be a list", source));
        return [];
    }

    private static Dictionary<string, string> Map(JsonElement x, string property, string where, string source, List<Diagnostic> d)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!x.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            d.Add(Diagnostic.Fail($"{where}: {property} must be an object of strings", source));
            return result;
        }

        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String && p.Name.Length is > 0 and <= 63)
            {
                result[p.Name] = p.Value.GetString() ?? "";
            }
            else
            {
                d.Add(Diagnostic.Fail($"{where}: {property}.{p.Name} must be a string", source));
            }
        }

        return result;
    }

    private static int? PortNumber(JsonElement p, string property, string where, string source, List<Diagnostic> d)
    {
        if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt32(out var n) && n is > 0 and < 65536)
        {
            return n;
        }

        d.Add(Diagnostic.Fail($"{where}: each port needs a {property} between 1 and 65535; skipped", source));
        return null;
    }

    private static string? PortName(JsonElement p, string where, string source, List<Diagnostic> d)
    {
        var name = Str(p, "name", source, d);
        if (name is not null && (name.Length > 15 || !LabelRegex().IsMatch(name)))
        {
            d.Add(Diagnostic.Fail($"{where}: port name '{name}' must be a DNS label of at most 15 characters", source));
            return null;
        }

        return name;
    }

    private static string Protocol(JsonElement p, string where, string source, List<Diagnostic> d)
    {
        var protocol = Str(p, "protocol", source, d) ?? "TCP";
        if (protocol is "TCP" or "UDP")
        {
            return protocol;
        }

        d.Add(Diagnostic.Fail($"{where}: protocol must be TCP or UDP, got '{protocol}'", source));
        return "TCP";
    }

    private static string Cidr(JsonElement root, string property, string fallback, int maxPrefix, string source, List<Diagnostic> d)
    {
        var text = Str(root, property, source, d);
        if (text is null)
        {
            return fallback;
        }

        if (Ipv4Cidr.TryParse(text, out var cidr) && cidr.Prefix <= maxPrefix)
        {
            return cidr.ToString();
        }

        d.Add(Diagnostic.Fail($"{property} '{text}' must be an IPv4 CIDR with a prefix of at most /{maxPrefix}", source));
        return fallback;
    }

    private static void Duplicates(IEnumerable<string> keys, string kind, string source, List<Diagnostic> d)
    {
        foreach (var g in keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            d.Add(Diagnostic.Fail($"{kind} {g.Key} is defined {g.Count().ToString(CultureInfo.InvariantCulture)} times; the first is used", source));
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ");
    }

    internal static bool IsIpv4(string text) =>
        IPAddress.TryParse(text, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
}

using System.Globalization;
using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>Evaluates matches and set lookups against a packet path.</summary>
internal static class NftMatcher
{
    private static readonly Dictionary<string, string> ProtocolNumbers = new(StringComparer.Ordinal)
    {
        ["6"] = "tcp", ["17"] = "udp", ["132"] = "sctp", ["1"] = "icmp",
    };

    /// <summary>The share of paths that match: 0 or 1, or a fraction for numgen.</summary>
    public static double Probability(NftMatch match, NftPath path, NftPacketContext context, NftTable table, NftRule rule) => match switch
    {
        NftNumgenMatch numgen => numgen.Share,
        NftCompareMatch compare => Compare(compare, path, context, rule) ? 1 : 0,
        NftSetMatch set => SetContains(set, path, context, table, rule) ? 1 : 0,
        _ => 0,
    };

    private static bool Compare(NftCompareMatch match, NftPath path, NftPacketContext context, NftRule rule)
    {
        bool any;
        if (match.Field == NftField.Mark)
        {
            var value = match.MarkMask is { } mask ? path.Mark & mask : path.Mark;
            any = match.Values.Any(v => NftRuleCompiler.ParseNumber(v) == value);
        }
        else if (match.Field is NftField.IifName or NftField.OifName)
        {
            var name = match.Field == NftField.IifName ? context.Packet.InInterface : context.Packet.OutInterface;
            if (name is null)
            {
                context.Note(Diagnostic.Warn($"line {rule.LineNumber}: the rule matches an interface name and the packet has none; assumed not to match", null, rule.LineNumber));
                return false;
            }

            any = match.Values.Any(v => InterfaceMatches(NftTokenizer.Unquote(v), name));
        }
        else if (match.Field == NftField.Sport)
        {
            context.Note(Diagnostic.Warn($"line {rule.LineNumber}: source ports are not part of the packet; assumed not to match", null, rule.LineNumber));
            return false;
        }
        else
        {
            var actual = Value(match.Field, path, context);
            any = match.Values.Any(v => ValueMatches(match.Field, v, actual, context));
        }

        return any != match.Negated;
    }

    private static bool SetContains(NftSetMatch match, NftPath path, NftPacketContext context, NftTable table, NftRule rule)
    {
        if (!table.Sets.TryGetValue(match.SetName, out var set))
        {
            context.Note(Diagnostic.Warn($"line {rule.LineNumber}: set @{match.SetName} is not in the dump; assumed empty", null, rule.LineNumber));
            return match.Negated;
        }

        return (Lookup(set, match.Fields, path, context) is not null) != match.Negated;
    }

    /// <summary>The element whose key matches the packet's values for these fields, or null.</summary>
    public static NftSetElement? Lookup(NftSet set, IReadOnlyList<NftField> fields, NftPath path, NftPacketContext context)
    {
        var values = fields.Select(f => Value(f, path, context)).ToArray();
        if (set.Elements is NftLazyElements lazy && lazy.TryLookup(values, out var found))
        {
            return found;
        }

        if (set.ExactIndex.TryGetValue(string.Join(" . ", values), out var exact))
        {
            return exact;
        }

        if (set.IsPlain)
        {
            return null;
        }

        foreach (var element in set.Elements)
        {
            if (element.Key.Count == fields.Count
                && Enumerable.Range(0, fields.Count).All(i => ValueMatches(fields[i], element.Key[i], values[i], context)))
            {
                return element;
            }
        }

        return null;
    }

    public static string Value(NftField field, NftPath path, NftPacketContext context) => field switch
    {
        NftField.IpSaddr => Ipv4.Format(context.Source),
        NftField.IpDaddr => Ipv4.Format(path.Destination),
        NftField.L4Proto => context.Protocol,
        NftField.Dport => path.DestinationPort.ToString(CultureInfo.InvariantCulture),
        NftField.CtState => "new",
        NftField.FibDaddrType => context.IsLocal(path.Destination) ? "local" : "unicast",
        NftField.FibSaddrType => context.IsLocal(context.Source) ? "local" : "unicast",
        _ => "",
    };

    private static bool ValueMatches(NftField field, string expected, string actual, NftPacketContext context)
    {
        switch (field)
        {
            case NftField.IpSaddr or NftField.IpDaddr:
                if (!Ipv4.TryParse(actual, out var address))
                {
                    return false;
                }

                var dash = expected.IndexOf('-');
                if (dash > 0 && Ipv4.TryParse(expected.AsSpan(0, dash), out var low) && Ipv4.TryParse(expected.AsSpan(dash + 1), out var high))
                {
                    return address >= low && address <= high;
                }

                return Ipv4.TryParseCidr(expected, out var network, out var mask) && (address & mask) == network;
            case NftField.L4Proto:
                return (ProtocolNumbers.TryGetValue(expected, out var name) ? name : expected) == actual;
            case NftField.Dport:
                var port = int.Parse(actual, CultureInfo.InvariantCulture);
                var range = expected.Split('-');
                return range.Length == 2
                    ? int.TryParse(range[0], CultureInfo.InvariantCulture, out var lo) && int.TryParse(range[1], CultureInfo.InvariantCulture, out var hi) && port >= lo && port <= hi
                    : int.TryParse(expected, CultureInfo.InvariantCulture, out var single) && single == port;
            case NftField.CtState:
                return expected == actual;
            default:
                return expected == actual;
        }
    }

    private static bool InterfaceMatches(string pattern, string name) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == name;
}

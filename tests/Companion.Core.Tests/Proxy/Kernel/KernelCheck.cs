using System.Text.RegularExpressions;
using Companion.Core.Proxy;

namespace Companion.Core.Tests.Proxy.Kernel;

/// <summary>Reads what the kernel did and compares it with a trace: counts, chi-square, counters and conntrack.</summary>
internal static partial class KernelCheck
{
    /// <summary>Chi-square critical values at p = 0.001 for 1..6 degrees of freedom: a correct tracer fails 1 run in 1000.</summary>
    private static readonly double[] Critical001 = [10.83, 13.82, 16.27, 18.47, 20.52, 22.46];

    public static Dictionary<string, int> CountBy(IEnumerable<Observation> observations, Func<Observation, string?> key) =>
        observations.GroupBy(o => key(o) ?? "(none)").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Asserts the observed endpoint counts fit the predicted probabilities (Pearson chi-square, p = 0.001).</summary>
    public static void FitsPrediction(IReadOnlyDictionary<string, int> observed, IReadOnlyList<EndpointTarget> predicted)
    {
        observed.Keys.Should().BeSubsetOf(predicted.Select(t => t.Endpoint), "the kernel only used endpoints the tracer predicted");
        var total = observed.Values.Sum();
        if (predicted.Count < 2)
        {
            observed.Keys.Should().Equal(predicted.Select(t => t.Endpoint));
            return;
        }

        var chi = predicted.Sum(t =>
        {
            var expected = t.Probability * total;
            var o = observed.GetValueOrDefault(t.Endpoint);
            return (o - expected) * (o - expected) / expected;
        });
        chi.Should().BeLessThan(Critical001[predicted.Count - 2], $"counts {string.Join(", ", observed.Select(kv => $"{kv.Key}={kv.Value}"))} should fit the predicted split");
    }

    /// <summary>Packets counted by each DNAT rule, keyed by its --to-destination (from iptables-save -c).</summary>
    public static Dictionary<string, long> DnatCounters(IptablesRuleset saved) =>
        saved.Table("nat")!.Chains.Values.SelectMany(c => c.Rules)
            .Where(r => r.Target.Kind == IptablesTargetKind.Dnat)
            .GroupBy(r => r.Target.ToDestination!)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Packets ?? 0), StringComparer.Ordinal);

    /// <summary>conntrack -L lines for one original destination: (reply source = the endpoint, reply destination = what the endpoint answered to).</summary>
    public static List<(string ReplySource, int ReplySourcePort, string ReplyDestination)> Conntrack(string conntrackOutput, string originalDestination)
    {
        var list = new List<(string, int, string)>();
        foreach (var line in conntrackOutput.Split('\n'))
        {
            var m = Tuple().Matches(line);
            if (m.Count >= 2 && m[0].Groups["dst"].Value == originalDestination)
            {
                list.Add((m[1].Groups["src"].Value, int.Parse(m[1].Groups["sport"].Value, System.Globalization.CultureInfo.InvariantCulture), m[1].Groups["dst"].Value));
            }
        }

        return list;
    }

    [GeneratedRegex(@"src=(?<src>[0-9.]+) dst=(?<dst>[0-9.]+) sport=(?<sport>\d+) dport=(?<dport>\d+)")]
    private static partial Regex Tuple();
}

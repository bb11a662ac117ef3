using System.CommandLine;
using System.Globalization;
using Companion.Lab;

namespace Companion.Cli.Lab;

/// <summary>`companion lab capture`: tcpdump on a pod's eth0 or a node's interfaces, bounded, rendered as a table, pcap kept.</summary>
internal static class LabCaptureCommand
{
    public static Command Create(CliIo io)
    {
        var pod = new Option<string?>("--pod") { Description = "Capture on this pod's eth0: NAMESPACE/POD." };
        var node = new Option<string?>("--node") { Description = "Capture in this node's namespace (all interfaces unless --iface)." };
        var iface = new Option<string?>("--iface") { Description = "Interface (default eth0 in a pod, any in a node)." };
        var count = new Option<int>("--count") { Description = "Stop after this many packets (1-10000).", DefaultValueFactory = _ => 100 };
        var seconds = new Option<double>("--seconds") { Description = "Stop after this many seconds (at most 600).", DefaultValueFactory = _ => 10 };
        var filter = new Option<string?>("--filter") { Description = "A tcpdump filter, for example \"udp port 53\"." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the pcap (for Wireshark).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("capture", "Capture packets inside the lab for a bounded count and time.") { LabCommands.NameOption, pod, node, iface, count, seconds, filter, output, json };
        command.SetAction(async (parse, ct) => await LabCommands.Run(io, async () =>
        {
            var lab = parse.GetValue(LabCommands.NameOption)!;
            var topology = await LabDefaults.Controller().RequireUpAsync(lab, ct).ConfigureAwait(false);
            string netns;
            string where;
            if (parse.GetValue(pod) is { } podName)
            {
                netns = (topology.FindPod(podName) ?? throw new LabException($"no pod {podName} in lab {lab}")).Netns;
                where = parse.GetValue(iface) ?? "eth0";
            }
            else if (parse.GetValue(node) is { } nodeName)
            {
                netns = (topology.Nodes.FirstOrDefault(n => n.Name == nodeName) ?? throw new LabException($"no node {nodeName} in lab {lab}")).Netns;
                where = parse.GetValue(iface) ?? "any";
            }
            else
            {
                return io.Fail("say where to capture: --pod NAMESPACE/POD or --node NODE", 2);
            }

            var limit = parse.GetValue(seconds);
            if (limit is <= 0 or > 600)
            {
                return io.Fail("--seconds must be between 0 and 600", 2);
            }

            var result = await LabCapture.CaptureAsync(netns, where, parse.GetValue(count), TimeSpan.FromSeconds(limit),
                parse.GetValue(output)!.FullName, parse.GetValue(filter), null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                io.WriteJson(new { pcap = result.PcapPath, where = result.Where, packets = result.Packets, diagnostics = result.Diagnostics.Select(d => d.ToString()) });
                return 0;
            }

            foreach (var p in result.Packets)
            {
                var dns = p.DnsQuestion is null ? "" : p.DnsResponse ? $"{p.DnsQuestion} -> {p.DnsRcode} {string.Join(",", p.DnsAnswers ?? [])}" : $"? {p.DnsQuestion}";
                io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.TimeSeconds,10:0.000000}  {p.Source,-21} {p.Destination,-21} {p.Protocol,-5} {p.Flags,-4} {dns}"));
            }

            io.Error.WriteLine($"{result.Packets.Count} packets in {result.Where}; pcap: {result.PcapPath}");
            return 0;
        }).ConfigureAwait(false));
        return command;
    }
}

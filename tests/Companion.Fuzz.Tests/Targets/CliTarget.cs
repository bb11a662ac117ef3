using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using System.Text.RegularExpressions;
using Companion.Cli;
using Companion.Fuzz.Tests.Infra;
using CsCheck;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>
/// Generated command lines for every command of the real `companion` tree (read from the same Create methods the CLI
/// uses): known options mixed with garbage, missing values, huge numbers and unknown options. The input is a JSON array.
/// Commands that would change this machine (lab up/down/fault/..., record --lab) are only parsed unless the parse fails.
/// </summary>
internal static partial class CliTarget
{
    public const string Name = "cli";

    private static readonly string[] Garbage =
    [
        "--bogus", "-x", "--", "-", "---", "--json=", "--json=maybe", "--help", "-h", "-?", "--version", "@/nonexistent-fuzz-response-file",
        "--timeout-ms=-1", "--=", "-n", "\0", "é\u200b", "--NAMESPACE", "/", "..",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "5", "65536", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e3", "0x10", "", "NaN", "five"];

    private static readonly string[] Words =
    [
        "", "web", "demo", "backend", "shop/frontend-0", "node-a", "a..b", "web.demo.svc.cluster.local.", "-", "--", "glibc", "musl", "A", "AAAA", "SRV", "PTR",
        "tcp", "udp", "sctp", "10.96.0.10", "10.96.0.10:80", "80", "network", "local", "iptables", "nftables", "ipvs", "json", "pods", "svc", "nodes",
        "endpointslices", "app=web,tier!=db", "app in (a,b)", "=", "é", "\u202e", "<script>", "'", "\"", "single-request-reopen", "timeout:1",
    ];

    private static readonly Lazy<IReadOnlyList<(string[] Path, Command Command)>> Leaves = new(() => [.. LeavesOf(Tree(), [])]);

    public static FuzzTarget Create() => new(Name, [], [], Check)
    {
        Generator = Gen.Int.Select(seed => CliFixture.Instance.Portable(JsonSerializer.Serialize(Argv(new Random(seed))))),
        Make = random => CliFixture.Instance.Portable(JsonSerializer.Serialize(Argv(random))),
    };

    /// <summary>The command tree exactly as CompanionCli builds it (writers unused: only parsed).</summary>
    public static RootCommand Tree()
    {
        var io = new CliIo(TextWriter.Null, TextWriter.Null);
        return new RootCommand("fuzz")
        {
            Companion.Cli.Dns.DnsCommands.Create(io), Companion.Cli.Trace.TraceCommand.Create(io), Companion.Cli.K8s.K8sCommands.Create(io),
            Companion.Cli.K8s.RecordCommand.Create(io), Companion.Cli.Lab.LabCommands.Create(io),
        };
    }

    public static IReadOnlyList<string> CommandPaths => [.. Leaves.Value.Select(l => string.Join(' ', l.Path))];

    private static void Check(string input)
    {
        var args = JsonSerializer.Deserialize<string[]>(CliFixture.Instance.Local(input)) ?? [];
        var parsed = Tree().Parse(args);
        if (!SafeToRun(args, parsed) || !Contained(args, parsed))
        {
            return; // parsed, which is all that is fuzzed for a command that would change the machine
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var command = string.Join(' ', CommandPath(parsed));
        int code;
        try
        {
            // a slow command is cancelled at 15 s; one that ignores cancellation for 10 s more is a hang
            code = CompanionCli.RunAsync(args, stdout, stderr, timeout.Token).WaitAsync(TimeSpan.FromSeconds(25)).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new PropertyViolation($"hang: '{command}' ignored cancellation for 10 s", $"hang in {command}");
        }

        // A privileged step's dry run ("would create (and delete afterwards) pod …", one line per pod, issue 8 "least
        // privilege": the notice, then the pod's manifest as one JSON line) is not an error: `record --node-dump A
        // --node-dump B` prints one per node.
        var errors = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("would create ", StringComparison.Ordinal) && !line.StartsWith("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"", StringComparison.Ordinal))
            .ToArray();
        if (errors.Length > 1)
        {
            throw new PropertyViolation($"more than one stderr line from '{command}': {string.Join(" | ", errors.Take(3))}", $"multi-line stderr in {command}");
        }

        if (StackTrace().IsMatch(stdout.ToString()) || StackTrace().IsMatch(stderr.ToString()))
        {
            throw new PropertyViolation($"stack trace printed by '{command}'", $"stack trace in {command}");
        }

        if (errors.FirstOrDefault(e => e.Contains(CompanionCli.DebugVariable, StringComparison.Ordinal)) is { } unexpected)
        {
            var type = UnexpectedType().Match(unexpected) is { Success: true } m ? m.Groups[1].Value : "?";
            throw new PropertyViolation($"unexpected exception in '{command}': {unexpected}", $"unexpected {type} in {command.Split(' ')[0]}");
        }

        if (code != 0 && errors.Length == 0)
        {
            throw new PropertyViolation($"'{command}' failed (exit {code}) without saying why", $"silent failure in {command}");
        }

        if (stdout.ToString().Contains(CliFixture.CanaryToken, StringComparison.Ordinal) || stderr.ToString().Contains(CliFixture.CanaryToken, StringComparison.Ordinal))
        {
            throw new PropertyViolation($"'{command}' printed the kubeconfig token", $"secret leaked by {command}");
        }
    }

    /// <summary>
    /// Re-checks a replayed or hand-edited corpus line: DNS commands must name the loopback server, cluster commands a
    /// kubeconfig or recording of the fixture. Otherwise it is only parsed.
    /// </summary>
    private static bool Contained(string[] args, ParseResult parsed) => CommandPath(parsed).FirstOrDefault() switch
    {
        "dns" => args.Contains("--server") && !args.Any(a => a.Contains(':', StringComparison.Ordinal) && !a.StartsWith("127.", StringComparison.Ordinal)
            && System.Net.IPEndPoint.TryParse(a, out var ep) && !System.Net.IPAddress.IsLoopback(ep.Address)),
        "k8s" => args.Contains("--kubeconfig") || args.Contains("--recording"),
        "record" => args.Contains("--kubeconfig"),
        _ => true,
    };

    /// <summary>Lab commands other than status, and record --lab, run only when the parse fails (then no action runs).</summary>
    private static bool SafeToRun(string[] args, ParseResult parsed)
    {
        var path = CommandPath(parsed);
        var changesMachine = (path.FirstOrDefault() == "lab" && path.ElementAtOrDefault(1) != "status")
            || (path.FirstOrDefault() == "record" && args.Any(a => a == "--lab" || a.StartsWith("--lab=", StringComparison.Ordinal) || a.StartsWith("--lab:", StringComparison.Ordinal)))
            || args.Any(a => a.StartsWith('@'));
        if (!changesMachine)
        {
            return true;
        }

        var asksHelp = args.Any(a => a is "--help" or "-h" or "-?");
        return asksHelp ? parsed.Action is HelpAction : parsed.Errors.Count > 0;
    }

    private static string[] Argv(Random rng)
    {
        var (path, command) = Leaves.Value[rng.Next(Leaves.Value.Count)];
        var args = new List<string>(path);
        if (rng.Next(12) == 0)
        {
            args.RemoveAt(args.Count - 1);
        }
        else if (rng.Next(12) == 0)
        {
            args[^1] = args[^1][..^1];
        }

        foreach (var argument in command.Arguments)
        {
            if (rng.Next(5) != 0)
            {
                args.Add(Pick(Words, rng));
            }
        }

        var options = command.Options.Where(o => o is not HelpOption and not VersionOption).ToArray();
        for (var n = rng.Next(0, 7); n > 0; n--)
        {
            switch (rng.Next(10))
            {
                case < 7 when options.Length > 0:
                    var option = options[rng.Next(options.Length)];
                    args.Add(rng.Next(8) == 0 && option.Aliases.Count > 0 ? option.Aliases.First() : option.Name);
                    var count = option.ValueType == typeof(bool) ? rng.Next(4) == 0 ? 1 : 0 : rng.Next(10) switch { 0 => 0, 1 => 2, _ => 1 };
                    for (var v = 0; v < count; v++)
                    {
                        args.Add(Value(option, rng));
                    }

                    break;
                case < 8:
                    args.Add(Pick(Words, rng));
                    break;
                case < 9:
                    args.Add(Pick(Garbage, rng));
                    break;
                default:
                    args.Add(new string((char)rng.Next(0x20, 0x3000), rng.Next(1, 3000)));
                    break;
            }
        }

        if (rng.Next(4) == 0 && args.Count > 1)
        {
            var (a, b) = (rng.Next(args.Count), rng.Next(args.Count));
            (args[a], args[b]) = (args[b], args[a]);
        }

        // last, so a swap or a dangling option never takes them apart
        args.AddRange(Safety(path, rng));
        return [.. args];
    }

    /// <summary>Options that keep a command away from any network or cluster: a closed loopback DNS server, no real kubeconfig.</summary>
    private static IEnumerable<string> Safety(string[] path, Random rng)
    {
        var f = CliFixture.Instance;
        return path[0] switch
        {
            "dns" => ["--server", f.Server, "--resolv-conf", Pick(f.ResolvConfs, rng)],
            "k8s" => rng.Next(3) == 0 ? ["--kubeconfig", Pick(f.Kubeconfigs, rng)] : ["--recording", Pick(f.Recordings, rng)],
            "record" => ["--kubeconfig", Pick(f.Kubeconfigs, rng), "--out", f.NewPath()],
            _ => [],
        };
    }

    private static string Value(Option option, Random rng)
    {
        var f = CliFixture.Instance;
        return option.Name switch
        {
            "--server" => rng.Next(3) == 0 ? Pick(["127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:-1", "not-an-ip", "", "127.0.0.256", "127.0.0.1:53x"], rng) : f.Server,
            "--resolv-conf" => Pick(f.ResolvConfs, rng),
            "--kubeconfig" => Pick(f.Kubeconfigs, rng),
            "--recording" => Pick(f.Recordings, rng),
            "--rules" or "--model" => Pick(f.Rules, rng),
            "--out" => rng.Next(4) == 0 ? f.Root : f.NewPath(),
            _ when option.ValueType != typeof(string) && option.ValueType != typeof(string[]) => Pick(Numbers, rng),
            _ => rng.Next(6) == 0 ? Pick(Numbers, rng) : Pick(Words, rng),
        };
    }

    private static T Pick<T>(IReadOnlyList<T> list, Random rng) => list[rng.Next(list.Count)];

    private static string[] CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r?.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            names.Add(r.Command.Name);
        }

        names.Reverse();
        return [.. names];
    }

    private static IEnumerable<(string[] Path, Command Command)> LeavesOf(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] subPath = [.. path, sub.Name];
            if (sub.Subcommands.Count == 0)
            {
                yield return (subPath, sub);
            }

            foreach (var leaf in LeavesOf(sub, subPath))
            {
                yield return leaf;
            }
        }
    }

    [GeneratedRegex(@"^\s+at \S+.*\)", RegexOptions.Multiline)]
    private static partial Regex StackTrace();

    [GeneratedRegex(@"\((\w+); set ")]
    private static partial Regex UnexpectedType();
}

using System.Text.RegularExpressions;
using Companion.Cluster.Recording;
using Companion.Fuzz.Tests.Infra;
using Companion.Interactive;
using CsCheck;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Fuzz.Tests.Targets;

/// <summary>
/// Generated <c>#!dns</c>, <c>#!k8s</c>, <c>#!trace</c> and <c>#!lab</c> lines submitted to an in-process CompositeKernel with
/// the extension loaded (a recording source, DNS at a closed loopback port). Each submission fails or succeeds with one
/// line and no stack trace, and the next <c>#!dns plan a.b</c> still works. Subcommands and options come from the
/// kernel's own directive tree. <c>#!lab</c> is fuzzed on <c>status</c> only (never up, down or probe).
/// </summary>
internal static partial class MagicTarget
{
    public const string Name = "magic";

    private static readonly string[] LabSafe = ["status"];

    private static readonly string[] Values =
    [
        "", "web", "demo/web", "web:80", "web:http", "frontend", "node-a", "external", "pods", "services", "nodes", "endpointslices", "10.96.0.10",
        "80", "0", "-1", "2147483648", "99999999999999999999", "tcp", "udp", "network", "local", "nft", "ipvs", "\"a b\"", "\"", "é\u200b", "--", "-",
        "<script>alert(1)</script>", "a..b", "app=web,tier!=db", "3", "1",
    ];

    private static readonly Lazy<(CompositeKernel Kernel, IReadOnlyList<(string Line, IReadOnlyList<KernelDirectiveParameter> Parameters)> Commands)> Session = new(Start);

    public static FuzzTarget Create() => new(Name, [], [], Check)
    {
        Generator = Gen.Int.Select(seed => CliFixture.Instance.Portable(Line(new Random(seed)))),
        Make = random => CliFixture.Instance.Portable(Line(random)),
        Warmup = () => Check("#!dns plan warm.up"),
        DefaultSeconds = 10,
    };

    // One kernel, one cell at a time, as in a notebook: the host's submission parser is not thread-safe (two replays at
    // once failed in CI inside SubmissionParser.GetParserConfiguration with "same key has already been added").
    private static readonly Lock OneCellAtATime = new();

    private static void Check(string line)
    {
        lock (OneCellAtATime)
        {
            CheckAsync(CliFixture.Instance.Local(line)).GetAwaiter().GetResult();
        }
    }

    private static async Task CheckAsync(string line)
    {
        var kernel = Session.Value.Kernel;
        var magic = Shape(line);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        KernelCommandResult? result = null;
        try
        {
            // a slow cell is cancelled at 15 s, as a user interrupting it; one that ignores that for 10 s more is a hang
            result = await kernel.SendAsync(new SubmitCode(line), timeout.Token).WaitAsync(TimeSpan.FromSeconds(25));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
        }
        catch (TimeoutException)
        {
            throw new PropertyViolation($"hang: '{line}' ignored cancellation for 10 s", $"hang in {magic}");
        }

        if (result?.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
        {
            if (failed.Message.Contains("NoSuitableKernelException", StringComparison.Ordinal))
            {
                throw new PropertyViolation($"'{line}': {failed.Message}", "NoSuitableKernelException for a magic root without a subcommand");
            }

            // the host's own directive parser reports one "(line,column): error DNInnn: ..." line per problem: accepted
            if (failed.Message.Trim().Contains('\n', StringComparison.Ordinal) && !failed.Message.Trim().Split('\n').All(l => HostParserError().IsMatch(l)))
            {
                throw new PropertyViolation($"multi-line failure of '{line}': {failed.Message}", $"multi-line failure of {magic}{ExceptionName(failed.Message)}");
            }

            if (StackTrace().IsMatch(failed.Message))
            {
                throw new PropertyViolation($"stack trace in the failure of '{line}'", $"stack trace from {magic}");
            }
        }

        var next = await kernel.SendAsync(new SubmitCode("#!dns plan a.b"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(40));
        if (next.Events.OfType<CommandFailed>().FirstOrDefault() is { } broken)
        {
            throw new PropertyViolation($"after '{line}' the next cell failed: {broken.Message}", $"kernel unusable after {magic}");
        }
    }

    private static string Line(Random rng)
    {
        var commands = Session.Value.Commands;
        var (command, parameters) = commands[rng.Next(commands.Count)];
        var parts = new List<string> { command };
        for (var n = rng.Next(0, 5); n > 0; n--)
        {
            switch (rng.Next(10))
            {
                case < 7 when parameters.Count > 0:
                    var p = parameters[rng.Next(parameters.Count)];
                    if (!p.AllowImplicitName || rng.Next(2) == 0)
                    {
                        parts.Add(p.Name);
                    }

                    if (!p.Flag || rng.Next(5) == 0)
                    {
                        parts.Add(Value(p.Name, rng));
                    }

                    break;
                case < 8:
                    parts.Add(Values[rng.Next(Values.Length)]);
                    break;
                case < 9:
                    parts.Add(new[] { "--bogus", "--help", "-h", "--count", "--tcp", "--json", "--", "--timeout-ms" }[rng.Next(8)]);
                    break;
                case 9 when !command.StartsWith("#!lab", StringComparison.Ordinal): // never a random word after #!lab
                    parts.Add(new string((char)rng.Next(0x21, 0x3000), rng.Next(1, 400)));
                    break;
            }
        }

        return string.Join(' ', parts);
    }

    private static string Value(string parameter, Random rng)
    {
        var f = CliFixture.Instance;
        return parameter switch
        {
            "--kubeconfig" => f.Kubeconfigs[rng.Next(f.Kubeconfigs.Count)],
            "--recording" => f.Recordings[rng.Next(f.Recordings.Count)],
            "--rules" => f.Rules[rng.Next(f.Rules.Count)],
            "--resolv-conf" => f.ResolvConfs[rng.Next(f.ResolvConfs.Count)],
            "--server" => f.Server,
            "--count" or "--concurrency" => new[] { "0", "-1", "1", "2", "99999999999", "x" }[rng.Next(6)],
            _ => Values[rng.Next(Values.Length)],
        };
    }

    private static (CompositeKernel, IReadOnlyList<(string, IReadOnlyList<KernelDirectiveParameter>)>) Start()
    {
        var f = CliFixture.Instance;
        var kernel = new CompositeKernel { new CSharpKernel() };
        kernel.DefaultKernelName = "csharp";
        var services = new CompanionServices
        {
            DefaultResolvConfPath = f.ResolvConfs[0],
            DefaultDnsServer = f.Server,
            Source = new RecordedClusterSource(new DirectoryInfo(Path.Combine(RepoPaths.Recordings, "demo-iptables"))),
        };
        CompanionExtension.Load(kernel, services);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => kernel.Dispose();
        var commands = new List<(string, IReadOnlyList<KernelDirectiveParameter>)>();
        foreach (var root in kernel.KernelInfo.SupportedDirectives.OfType<KernelActionDirective>().Where(d => d.Name is "#!dns" or "#!k8s" or "#!trace" or "#!lab"))
        {
            foreach (var sub in root.Subcommands.Where(s => root.Name != "#!lab" || LabSafe.Contains(s.Name)))
            {
                var safe = sub.Parameters.Where(p => p.Name != "--lab").ToArray();
                commands.Add(($"{root.Name} {sub.Name}", safe));
            }

            commands.Add((root.Name, []));
        }

        return (kernel, commands);
    }

    /// <summary>"#!lab status", "#!lab &lt;unknown word&gt;", "#!dns": the dedup key of a failing line.</summary>
    private static string Shape(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return words.FirstOrDefault() ?? "";
        }

        var known = Session.Value.Commands.Any(c => c.Line == words[0] + " " + words[1]);
        return words[0] + " " + (known ? words[1] : words[1].StartsWith('-') ? "<option>" : "<unknown word>");
    }

    private static string ExceptionName(string message) => ExceptionType().Match(message) is { Success: true } m ? " (" + m.Value + ")" : "";

    [GeneratedRegex(@"^\s*\(\d+,\d+\): error DNI\d+: [^\r\n]*$")]
    private static partial Regex HostParserError();

    [GeneratedRegex(@"[\w.]+Exception")]
    private static partial Regex ExceptionType();

    [GeneratedRegex(@"^\s+at \S+.*\)", RegexOptions.Multiline)]
    private static partial Regex StackTrace();
}

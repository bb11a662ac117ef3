using BenchmarkDotNet.Attributes;
using Companion.Core.Proxy;

namespace Companion.Benchmarks;

/// <summary>
/// In-process parse and trace over generator output (BenchmarkDotNet, memory diagnoser). The kernel-printed files
/// and the grep floor are measured by <see cref="RulesHarness"/> (scripts/bench.sh), in the same run.
/// </summary>
[MemoryDiagnoser]
public class RuleSetBenchmarks
{
    private string _text = "";
    private IptablesRuleset? _ipt;
    private NftRuleset? _nft;
    private int _size;

    [Params(1_000, 10_000)]
    public int Services { get; set; }

    [Params("iptables", "nft")]
    public string Format { get; set; } = "iptables";

    [GlobalSetup]
    public void Setup()
    {
        _size = Environment.GetEnvironmentVariable("COMPANION_BENCH_SMOKE") == "1" ? Math.Min(Services, 100) : Services;
        _text = RuleSets.Generate(Format, _size);
        if (Format == "nft")
        {
            _nft = NftRulesetParser.Parse(_text).Value;
        }
        else
        {
            _ipt = IptablesSaveParser.Parse(_text).Value;
        }
    }

    [Benchmark]
    public object Parse() => Format == "nft" ? NftRulesetParser.Parse(_text).Value : IptablesSaveParser.Parse(_text).Value;

    /// <summary>The line-by-line reader path that `companion trace --rules FILE` takes (here over the text in memory).</summary>
    [Benchmark]
    public object ParseFromReader()
    {
        using var reader = new StringReader(_text);
        return Format == "nft" ? NftRulesetParser.Parse(reader).Value : IptablesSaveParser.Parse(reader).Value;
    }

    [Benchmark]
    public ServiceTrace ParsePlusOneTrace() => Format == "nft"
        ? NftTracer.Trace(NftRulesetParser.Parse(_text).Value, RuleSets.Packet(_size - 1))
        : IptablesTracer.Trace(IptablesSaveParser.Parse(_text).Value, RuleSets.Packet(_size - 1));

    [Benchmark]
    public ServiceTrace OneTraceOnParsed() => Format == "nft" ? NftTracer.Trace(_nft!, RuleSets.Packet(_size - 1)) : IptablesTracer.Trace(_ipt!, RuleSets.Packet(_size - 1));
}

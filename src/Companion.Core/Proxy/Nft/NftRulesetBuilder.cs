using Companion.Core.Diagnostics;

namespace Companion.Core.Proxy;

/// <summary>Mutable state while reading nft text; <see cref="Build"/> freezes it into records.</summary>
internal sealed partial class NftRulesetBuilder(string? source)
{
    internal sealed class TableState(string family, string name, int line)
    {
        public string Family { get; } = family;
        public string Name { get; } = name;
        public int Line { get; } = line;
        public string? Comment { get; set; }
        public Dictionary<string, ChainState> Chains { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, SetState> Sets { get; } = new(StringComparer.Ordinal);
    }

    internal sealed class ChainState(string name, int line)
    {
        public string Name { get; } = name;
        public int Line { get; } = line;
        public List<NftRule> Rules { get; } = [];
        public string? Type { get; set; }
        public string? Hook { get; set; }
        public int? Priority { get; set; }
        public string? Policy { get; set; }
        public string? Comment { get; set; }
    }

    internal sealed class SetState(string name, bool isMap, int line)
    {
        public string Name { get; } = name;
        public bool IsMap { get; } = isMap;
        public int Line { get; } = line;
        public string KeyType { get; set; } = "";
        public string? DataType { get; set; }
        public List<string> Flags { get; } = [];
        public string? Comment { get; set; }
        public string? Timeout { get; set; }
        public List<NftSetElement> Elements { get; } = [];
    }

    private readonly List<TableState> _tables = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public void Read(NftTokenStream stream)
    {
        while (!stream.AtEnd)
        {
            var statement = stream.NextStatement();
            if (statement.Count == 0)
            {
                continue;
            }

            var words = statement.Select(t => t.Text).ToList();
            var line = statement[0].Line;
            switch (words[0])
            {
                case "table" when words.Count >= 3 && words[^1] == "{":
                    var (family, name) = words.Count >= 4 ? (words[1], words[2]) : ("ip", words[1]);
                    ReadTable(stream, Table(family, name, line));
                    break;
                case "add" or "create" or "insert" when words.Count >= 2:
                    ReadCommand(words, statement, line);
                    break;
                case "flush" or "delete" or "destroy" or "list":
                    Info($"'{string.Join(' ', words.Take(3))}' ignored: the tracer reads the final ruleset only", line);
                    break;
                default:
                    Warn($"unexpected '{words[0]}' at top level", line);
                    SkipBlock(stream, words);
                    break;
            }
        }
    }

    private void ReadTable(NftTokenStream stream, TableState table)
    {
        while (!stream.AtEnd)
        {
            var statement = stream.NextStatement();
            if (statement.Count == 0)
            {
                continue;
            }

            var words = statement.Select(t => t.Text).ToList();
            var line = statement[0].Line;
            if (words[0] == "}")
            {
                return;
            }

            if (words[0] == "chain" && words.Count >= 3 && words[^1] == "{")
            {
                ReadChain(stream, Chain(table, words[1], line));
            }
            else if (words[0] is "set" or "map" && words.Count >= 3 && words[^1] == "{")
            {
                ReadSet(stream, Set(table, words[1], words[0] == "map", line));
            }
            else if (words[0] == "comment" && words.Count >= 2)
            {
                table.Comment = NftTokenizer.Unquote(words[1]);
            }
            else if (words[0] == "flags")
            {
                continue;
            }
            else
            {
                Info($"table object '{words[0]}' ignored", line);
                SkipBlock(stream, words);
            }
        }

        Warn($"table {table.Family} {table.Name} is not closed with '}}'", table.Line);
    }

    private void ReadChain(NftTokenStream stream, ChainState chain)
    {
        while (!stream.AtEnd)
        {
            var statement = stream.NextStatement();
            if (statement.Count == 0)
            {
                continue;
            }

            var words = statement.Select(t => t.Text).ToList();
            if (words[0] == "}")
            {
                return;
            }

            ChainStatement(chain, words, statement[0].Line);
        }
    }

    internal void ChainStatement(ChainState chain, List<string> words, int line)
    {
        switch (words[0])
        {
            case "type" when words.Count >= 4:
                chain.Type = words[1];
                var hook = words.IndexOf("hook");
                chain.Hook = hook >= 0 && hook + 1 < words.Count ? words[hook + 1] : null;
                var priority = words.IndexOf("priority");
                if (priority >= 0)
                {
                    chain.Priority = ParsePriority(words.Skip(priority + 1).TakeWhile(w => w is not (";" or "policy")).ToList(), line);
                }

                var policy = words.IndexOf("policy");
                if (policy >= 0 && policy + 1 < words.Count)
                {
                    chain.Policy = words[policy + 1];
                }

                break;
            case "policy" when words.Count >= 2:
                chain.Policy = words[1];
                break;
            case "comment" when words.Count == 2:
                chain.Comment = NftTokenizer.Unquote(words[1]);
                break;
            case "devices":
                break;
            default:
                AddRule(chain, words, line);
                break;
        }
    }

    private static void AddRule(ChainState chain, List<string> words, int line)
    {
        var text = string.Join(' ', words).Replace(" ,", ",", StringComparison.Ordinal);
        chain.Rules.Add(new NftRule(chain.Name, line, text, NftRule.TrailingComment(text)));
    }

    /// <summary>Compiles every rule of <paramref name="tables"/> now and reports each one the tracer cannot evaluate (otherwise that happens on first use).</summary>
    public void CheckEveryRule(IEnumerable<NftTable> tables)
    {
        foreach (var table in tables)
        {
            foreach (var rule in table.Chains.Values.SelectMany(c => c.Rules))
            {
                if (rule.CompileError is { } error)
                {
                    Warn($"rule in chain {rule.Chain} cannot be evaluated ({error}): {rule.Text}", rule.LineNumber);
                }
            }
        }
    }

    public NftRuleset Build() => new(_tables.Select(t => new NftTable(
        t.Family,
        t.Name,
        Freeze(t.Chains),
        t.Sets.Values.ToDictionary(
            s => s.Name,
            s => new NftSet(s.Name, s.IsMap, s.KeyType, s.DataType, s.Elements, s.Flags, s.Line, s.Comment, s.Timeout),
            StringComparer.Ordinal),
        t.Line,
        t.Comment)).ToList());

    /// <summary>The chains as records, in one pre-sized dictionary (a 10,000-Service table has 40,000).</summary>
    private static Dictionary<string, NftChain> Freeze(Dictionary<string, ChainState> chains)
    {
        var frozen = new Dictionary<string, NftChain>(chains.Count, StringComparer.Ordinal);
        foreach (var (name, c) in chains)
        {
            frozen.Add(name, new NftChain(c.Name, c.Rules, c.Line, c.Type, c.Hook, c.Priority, c.Policy, c.Comment));
        }

        return frozen;
    }

    private void Warn(string message, int line) => Diagnostics.Add(Diagnostic.Warn(message, source, line));

    private void Info(string message, int line) => Diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, message, source, line));
}

using System.Globalization;

namespace Companion.Core.Proxy;

/// <summary>Sets and maps (type, flags, elements), chain priorities, and finding or adding tables, chains and sets.</summary>
internal sealed partial class NftRulesetBuilder
{
    private void ReadSet(NftTokenStream stream, SetState set)
    {
        while (!stream.AtEnd)
        {
            var statement = stream.NextStatement();
            if (statement.Count == 0)
            {
                continue;
            }

            if (statement[0].Text == "}")
            {
                return;
            }

            SetStatement(set, statement);
        }
    }

    internal void SetStatement(SetState set, List<NftToken> statement)
    {
        var words = statement.Select(t => t.Text).ToList();
        switch (words[0])
        {
            case "type" or "typeof":
                var colon = words.IndexOf(":");
                set.KeyType = string.Join(' ', words.Skip(1).Take((colon < 0 ? words.Count : colon) - 1));
                set.DataType = colon < 0 ? null : string.Join(' ', words.Skip(colon + 1));
                break;
            case "flags":
                set.Flags.AddRange(words.Skip(1).SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries)).Where(w => w != ","));
                break;
            case "timeout" when words.Count >= 2:
                set.Timeout = words[1];
                break;
            case "comment" when words.Count >= 2:
                set.Comment = NftTokenizer.Unquote(words[1]);
                break;
            case "elements":
                AddElements(set, statement.SkipWhile(t => t.Text != "{").ToList());
                break;
            default:
                break; // size, policy, gc-interval, auto-merge, counter: no effect on a trace
        }
    }

    private static void AddElements(SetState set, List<NftToken> braced)
    {
        var current = new List<string>();
        var line = 0;
        foreach (var token in braced.Skip(1))
        {
            if (token.Text is "," or "}")
            {
                if (current.Count > 0)
                {
                    set.Elements.Add(NftRulesetParser.ParseElement(current, line));
                    current.Clear();
                }

                continue;
            }

            if (current.Count == 0)
            {
                line = token.Line;
            }

            current.Add(token.Text);
        }
    }

    private int? ParsePriority(List<string> words, int line)
    {
        var text = string.Join(' ', words);
        var named = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["raw"] = -300, ["mangle"] = -150, ["dstnat"] = -100, ["filter"] = 0, ["security"] = 50, ["srcnat"] = 100,
        };
        if (words.Count == 0)
        {
            return null;
        }

        int value;
        if (named.TryGetValue(words[0], out var baseValue))
        {
            value = baseValue;
        }
        else if (!int.TryParse(words[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            Warn($"unknown chain priority '{text}'", line);
            return null;
        }

        if (words.Count >= 3 && int.TryParse(words[2], CultureInfo.InvariantCulture, out var offset))
        {
            value += words[1] == "-" ? -offset : offset;
        }

        return value;
    }

    private TableState Table(string family, string name, int line)
    {
        var table = _tables.FirstOrDefault(t => t.Family == family && t.Name == name);
        if (table is null)
        {
            table = new TableState(family, name, line);
            _tables.Add(table);
        }

        return table;
    }

    private static ChainState Chain(TableState table, string name, int line)
    {
        if (!table.Chains.TryGetValue(name, out var chain))
        {
            chain = new ChainState(name, line);
            table.Chains[name] = chain;
        }

        return chain;
    }

    private static SetState Set(TableState table, string name, bool isMap, int line)
    {
        if (!table.Sets.TryGetValue(name, out var set))
        {
            set = new SetState(name, isMap, line);
            table.Sets[name] = set;
        }

        return set;
    }
}

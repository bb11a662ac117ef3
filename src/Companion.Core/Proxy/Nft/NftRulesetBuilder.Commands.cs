namespace Companion.Core.Proxy;

/// <summary>The "add|create|insert table|chain|set|rule|element …" command form of nft -f input, and block splitting.</summary>
internal sealed partial class NftRulesetBuilder
{
    private void ReadCommand(List<string> words, List<NftToken> statement, int line)
    {
        // add table|chain|set|map|rule|element [family] table name …
        var kind = words[1];
        var rest = 2;
        var family = words.Count > rest + 1 && words[rest] is "ip" or "ip6" or "inet" or "arp" or "bridge" or "netdev" ? words[rest++] : "ip";
        if (words.Count <= rest)
        {
            Warn($"incomplete command '{string.Join(' ', words)}'", line);
            return;
        }

        var table = Table(family, words[rest], line);
        var name = words.Count > rest + 1 ? words[rest + 1] : null;
        var body = statement.Skip(rest + 2).ToList();
        switch (kind)
        {
            case "table":
                foreach (var part in SplitBlock(statement.Skip(rest + 1).ToList()))
                {
                    if (part is ["comment", var text, ..])
                    {
                        table.Comment = NftTokenizer.Unquote(text);
                    }
                }

                break;
            case "chain" when name is not null:
                var chain = Chain(table, name, line);
                foreach (var part in SplitBlock(body.Select(t => t with { }).ToList()))
                {
                    ChainStatement(chain, part, line);
                }

                break;
            case "set" or "map" when name is not null:
                var set = Set(table, name, kind == "map", line);
                foreach (var part in SplitBlockTokens(body))
                {
                    SetStatement(set, part);
                }

                break;
            case "rule" when name is not null:
                AddRule(Chain(table, name, line), body.Select(t => t.Text).ToList(), line);
                break;
            case "element" when name is not null:
                if (!table.Sets.TryGetValue(name, out var target))
                {
                    target = Set(table, name, body.Any(t => t.Text == ":"), line);
                }

                AddElements(target, body);
                break;
            default:
                Warn($"command '{kind}' ignored", line);
                break;
        }
    }

    private static IEnumerable<List<string>> SplitBlock(List<NftToken> tokens) =>
        SplitBlockTokens(tokens).Select(p => p.Select(t => t.Text).ToList());

    private static IEnumerable<List<NftToken>> SplitBlockTokens(List<NftToken> tokens)
    {
        var inner = tokens.SkipWhile(t => t.Text != "{").Skip(1).ToList();
        if (inner.Count > 0 && inner[^1].Text == "}")
        {
            inner.RemoveAt(inner.Count - 1);
        }

        var part = new List<NftToken>();
        var depth = 0;
        foreach (var token in inner)
        {
            depth += token.Text == "{" ? 1 : token.Text == "}" ? -1 : 0;
            if (token.Text == ";" && depth == 0)
            {
                if (part.Count > 0)
                {
                    yield return part;
                }

                part = [];
                continue;
            }

            part.Add(token);
        }

        if (part.Count > 0)
        {
            yield return part;
        }
    }

    private static void SkipBlock(NftTokenStream stream, List<string> words)
    {
        if (words[^1] != "{")
        {
            return;
        }

        var depth = 1;
        while (!stream.AtEnd && depth > 0)
        {
            var next = stream.NextStatement();
            if (next.Count > 0 && next[0].Text == "}")
            {
                depth--;
            }
            else if (next.Count > 0 && next[^1].Text == "{")
            {
                depth++;
            }
        }
    }
}

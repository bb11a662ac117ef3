namespace Companion.Core.Proxy;

/// <summary>
/// The fast path for text shaped like <c>nft list ruleset</c> (one statement per line, blocks opened at line ends):
/// no tokenizing of rules, which compile on first use. Anything else makes it give up, and the token reader runs.
/// </summary>
internal sealed partial class NftRulesetBuilder
{
    private readonly Dictionary<string, string> _words = new(StringComparer.Ordinal);

    /// <summary>Reads listing-shaped text; false (with nothing kept) when the text is not shaped that way.</summary>
    public bool TryReadListing(TextReader reader)
    {
        if (ReadListing(new DumpLineReader(reader)))
        {
            return true;
        }

        _tables.Clear();
        Diagnostics.Clear();
        return false;
    }

    private bool ReadListing(DumpLineReader lines)
    {
        TableState? table = null;
        ChainState? chain = null;
        SetState? set = null;
        var inElements = false;
        while (lines.TryReadLine(out var raw))
        {
            var number = lines.LineNumber;
            var line = WithoutHandle(raw).Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (inElements)
            {
                inElements = NftElementText.AddLine(set!.Elements, line, number, _words);
                continue;
            }

            if (line is "}")
            {
                if (chain is not null || set is not null)
                {
                    (chain, set) = (null, null);
                }
                else if (table is not null)
                {
                    table = null;
                }
                else
                {
                    return false;
                }

                continue;
            }

            if (chain is not null)
            {
                if (line.StartsWith("type ") || line.StartsWith("policy ") || (line.StartsWith("comment \"") && line[9..].IndexOf('"') == line.Length - 10))
                {
                    ChainStatement(chain, NftTokenizer.Tokenize(line).Where(w => w != ";").ToList(), number);
                }
                else if (line.Count('{') != line.Count('}') || line.EndsWith("{"))
                {
                    return false;
                }
                else
                {
                    var ruleText = line.ToString();
                    chain.Rules.Add(new NftRule(chain.Name, number, ruleText, NftRule.TrailingComment(ruleText)));
                }
            }
            else if (set is not null)
            {
                if (line.StartsWith("elements = {"))
                {
                    inElements = NftElementText.AddLine(set.Elements, line["elements = {".Length..], number, _words);
                }
                else
                {
                    SetStatement(set, NftTokenizer.Tokenize(line).Where(w => w != ";").Select(w => new NftToken(w, number)).ToList());
                }
            }
            else if (table is not null)
            {
                if (ChainHeader(line) is { } name)
                {
                    chain = Chain(table, name, number);
                    continue;
                }

                var words = NftTokenizer.Tokenize(line);
                if (words is ["chain", var chainName, "{"])
                {
                    chain = Chain(table, chainName, number);
                }
                else if (words is ["set" or "map", var setName, "{"])
                {
                    set = Set(table, setName, words[0] == "map", number);
                }
                else if (words is ["comment", var comment])
                {
                    table.Comment = NftTokenizer.Unquote(comment);
                }
                else if (words is not ["flags", ..])
                {
                    return false;
                }
            }
            else
            {
                var words = NftTokenizer.Tokenize(line);
                if (words is not ["table", var family, var name, "{"])
                {
                    return false;
                }

                table = Table(family, name, number);
            }
        }

        return table is null && chain is null && set is null && !inElements;
    }

    /// <summary>"chain NAME {" with a plain name (no quotes or spaces) → NAME, without tokenizing; else null.</summary>
    private string? ChainHeader(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith("chain ") || !line.EndsWith(" {"))
        {
            return null;
        }

        var name = line[6..^2];
        return name.IsEmpty || name.IndexOfAny(" \t\"{};#") >= 0 ? null : name.ToString();
    }

    private static ReadOnlySpan<char> WithoutHandle(ReadOnlySpan<char> line)
    {
        var hash = line.LastIndexOf(" # handle ");
        return hash >= 0 ? line[..hash] : line;
    }
}

using System.Text;

namespace Companion.Core.Proxy;

/// <summary>Splits a rule line like a shell would for iptables-save output: double quotes group, backslash escapes.</summary>
internal static class IptablesTokenizer
{
    // Hot on a 100k-rule dump and called only a few times: skip tier-0 code, or the first (often only) call is several times slower.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static List<string> Split(string line, out bool unterminatedQuote)
    {
        var tokens = new List<string>(24);
        var i = 0;
        unterminatedQuote = false;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length)
            {
                break;
            }

            var start = i;
            var simple = true;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                if (line[i] is '"' or '\\' or '\'')
                {
                    simple = false;
                    break;
                }

                i++;
            }

            if (simple)
            {
                tokens.Add(line[start..i]);
                continue;
            }

            i = start;
            var sb = new StringBuilder();
            char? quote = null;
            while (i < line.Length && (quote is not null || !char.IsWhiteSpace(line[i])))
            {
                var c = line[i];
                if (c == '\\' && i + 1 < line.Length)
                {
                    sb.Append(line[i + 1]);
                    i += 2;
                    continue;
                }

                if (quote is null && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (quote == c)
                {
                    quote = null;
                }
                else
                {
                    sb.Append(c);
                }

                i++;
            }

            unterminatedQuote |= quote is not null;
            tokens.Add(sb.ToString());
        }

        return tokens;
    }
}

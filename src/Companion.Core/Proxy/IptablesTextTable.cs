using System.Text;

namespace Companion.Core.Proxy;

/// <summary>Collects chain declarations and rules of one table and prints them as iptables-restore input.</summary>
internal sealed class IptablesTextTable(string name, IReadOnlyList<string> builtIns)
{
    private readonly List<string> _chains = [];
    private readonly Dictionary<string, List<string>> _rules = new(StringComparer.Ordinal);

    public void Chain(string chain)
    {
        if (!builtIns.Contains(chain) && !_rules.ContainsKey(chain))
        {
            _chains.Add(chain);
            _rules[chain] = [];
        }
    }

    public void Rule(string chain, string rule)
    {
        if (!_rules.TryGetValue(chain, out var list))
        {
            list = [];
            _rules[chain] = list;
            if (!builtIns.Contains(chain))
            {
                _chains.Add(chain);
            }
        }

        list.Add(rule);
    }

    public void WriteTo(StringBuilder sb)
    {
        sb.Append('*').Append(name).Append('\n');
        foreach (var b in builtIns)
        {
            sb.Append(':').Append(b).Append(" ACCEPT [0:0]\n");
        }

        foreach (var c in _chains)
        {
            sb.Append(':').Append(c).Append(" - [0:0]\n");
        }

        foreach (var chain in builtIns.Concat(_chains))
        {
            if (_rules.TryGetValue(chain, out var rules))
            {
                foreach (var r in rules)
                {
                    sb.Append("-A ").Append(chain).Append(' ').Append(r).Append('\n');
                }
            }
        }

        sb.Append("COMMIT\n");
    }
}

using System.Globalization;
using System.Text;

namespace Companion.Core.Proxy;

/// <summary>The table being written: sets, maps and chains in insertion order.</summary>
internal sealed class NftModel
{
    private readonly List<(string Kind, string Name, string Header, List<string> Lines)> _objects = [];
    private readonly Dictionary<string, List<string>> _elements = new(StringComparer.Ordinal);

    public void Set(string name, string type, string? comment, params string[] extra)
    {
        if (!_objects.Any(o => o.Name == name))
        {
            _objects.Add(("set", name, "", [$"type {type}", .. extra, .. Comment(comment)]));
        }
    }

    public void Map(string name, string type, string comment) =>
        _objects.Add(("map", name, "", [$"type {type}", .. Comment(comment)]));

    public void BaseChain(string name, string type, string hook, int priority, params string[] rules) =>
        _objects.Add(("chain", name, string.Create(CultureInfo.InvariantCulture, $"type {type} hook {hook} priority {priority}; policy accept;"), [.. rules]));

    public void Chain(string name, params string[] rules) => _objects.Add(("chain", name, "", [.. rules]));

    public void Element(string set, string element)
    {
        if (!_elements.TryGetValue(set, out var list))
        {
            _elements[set] = list = [];
        }

        list.Add(element);
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("table ip kube-proxy {\n\tcomment \"rules for kube-proxy\"\n");
        foreach (var (kind, name, header, lines) in _objects.OrderBy(o => o.Kind == "chain"))
        {
            sb.Append('\n').Append('\t').Append(kind).Append(' ').Append(name).Append(" {\n");
            if (header.Length > 0)
            {
                sb.Append("\t\t").Append(header).Append('\n');
            }

            foreach (var line in lines)
            {
                sb.Append("\t\t").Append(line).Append('\n');
            }

            if (kind != "chain" && _elements.TryGetValue(name, out var elements) && elements.Count > 0)
            {
                sb.Append("\t\telements = { ").Append(string.Join(",\n\t\t\t     ", elements)).Append(" }\n");
            }

            sb.Append("\t}\n");
        }

        return sb.Append("}\n").ToString();
    }

    private static IEnumerable<string> Comment(string? comment) => comment is null ? [] : [$"comment \"{comment}\""];
}

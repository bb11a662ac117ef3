using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s get nodes</c>.</summary>
public sealed record NodeList(IReadOnlyList<NodeInfo> Nodes, SourceInfo Source);

using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s get pods</c>: usable from C# (Pods), shown as a table.</summary>
public sealed record PodList(IReadOnlyList<PodInfo> Pods, IReadOnlyList<NodeInfo> Nodes, SourceInfo Source);

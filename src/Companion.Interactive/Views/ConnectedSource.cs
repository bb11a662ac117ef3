using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s connect</c>: the source every later command uses, and its default namespace.</summary>
public sealed record ConnectedSource(SourceInfo Source, string? DefaultNamespace);

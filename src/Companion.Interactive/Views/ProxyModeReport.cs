using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s proxy-mode</c>.</summary>
public sealed record ProxyModeReport(ProxyModeInfo Info, SourceInfo Source);

using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s get endpointslices</c>.</summary>
public sealed record EndpointSliceList(IReadOnlyList<EndpointSliceInfo> Slices, SourceInfo Source);

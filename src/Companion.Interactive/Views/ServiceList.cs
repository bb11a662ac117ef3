using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s get services</c>, with the slices that give each Service's endpoint conditions.</summary>
public sealed record ServiceList(IReadOnlyList<ServiceInfo> Services, IReadOnlyList<EndpointSliceInfo> Slices, SourceInfo Source);

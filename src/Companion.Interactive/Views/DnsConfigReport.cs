using Companion.Core.Kube;
using Companion.Core.Model;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!k8s dns-config [POD]</c>: the cluster DNS set-up and, with a pod, its effective resolv.conf.</summary>
public sealed record DnsConfigReport(EffectivePodDns? Pod, ClusterDnsInfo? Cluster, SourceInfo Source);

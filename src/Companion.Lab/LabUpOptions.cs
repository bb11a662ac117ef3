using Companion.Core.Model;

namespace Companion.Lab;

/// <summary>What `lab up` builds: the lab name, the model file text and name, and the kube-proxy mode.</summary>
public sealed record LabUpOptions(string LabName, string ModelJson, string ModelSource, ProxyMode ProxyMode = ProxyMode.Iptables);

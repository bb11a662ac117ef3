namespace Companion.Core.Charts;

/// <summary>One step of a request's journey (DNS, connect, kube-proxy DNAT, ...) and how long it took.</summary>
public sealed record WaterfallStep(string Label, double Ms);

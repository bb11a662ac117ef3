namespace Companion.Core.Proxy;

/// <summary>One iptables-save line of IPVS mode's iptables glue, with its 1-based line in the dump.</summary>
public sealed record IpvsGlueLine(int LineNumber, string Text);

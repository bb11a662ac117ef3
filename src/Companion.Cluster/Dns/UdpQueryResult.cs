using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>A UDP query's result and whether the server set TC (the answer needs TCP).</summary>
internal readonly record struct UdpQueryResult(DnsWireQuery Query, bool Truncated);

using Companion.Core.Charts;
using Companion.Core.Proxy;

namespace Companion.Interactive.Views;

/// <summary>The result of <c>#!trace</c>: the journey, the endpoint split as a Sankey, and the source.</summary>
public sealed record TraceReport(ServiceTrace Trace, SankeyChart Split, string Source);

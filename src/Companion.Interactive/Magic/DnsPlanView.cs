using Companion.Core.Dns;

namespace Companion.Interactive.Magic;

/// <summary>A query plan and where its resolver configuration came from.</summary>
public sealed record DnsPlanView(DnsQueryPlan Plan, string Source);

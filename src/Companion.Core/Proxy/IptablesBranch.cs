namespace Companion.Core.Proxy;

/// <summary>How a walk through one chain ended for one branch.</summary>
internal enum IptablesBranchEnd
{
    /// <summary>Fell off the end of the chain or hit RETURN: the caller continues.</summary>
    Returned,
    Accept,
    Drop,
    Reject,
    Dnat,
    Masquerade,
}

/// <summary>A persistent list: branches share their common prefix of hits.</summary>
internal sealed record HitNode(RuleHit Hit, HitNode? Previous);

/// <summary>
/// One possible path of the packet (the walk forks at every statistic rule). Immutable: each fork copies the few fields.
/// </summary>
internal sealed record IptablesBranch(
    uint Destination,
    int DestinationPort,
    uint Mark,
    double Probability,
    HitNode? Hits,
    IptablesBranchEnd End = IptablesBranchEnd.Returned,
    string? DnatEndpoint = null,
    string? DnatChain = null,
    IptablesRule? TerminalRule = null,
    string? PolicyChain = null,
    bool Masquerade = false)
{
    public IEnumerable<RuleHit> HitsInOrder()
    {
        var stack = new Stack<RuleHit>();
        for (var n = Hits; n is not null; n = n.Previous)
        {
            stack.Push(n.Hit);
        }

        return stack;
    }
}

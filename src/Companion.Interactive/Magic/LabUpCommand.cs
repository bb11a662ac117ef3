namespace Companion.Interactive.Magic;

/// <summary><c>#!lab up [--model FILE] [--proxy-mode iptables|nftables] [--lab NAME]</c>.</summary>
public sealed class LabUpCommand : CompanionCommand
{
    public string? Model { get; set; }

    public string? ProxyMode { get; set; }

    /// <summary><c>--lab NAME</c>: which lab (default: the session's, "companion").</summary>
    public string? Lab { get; set; }
}

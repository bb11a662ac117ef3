namespace Companion.Lab.Tests;

/// <summary>Tests that assert on the machine-wide /etc/netns run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EtcNetnsCollection
{
    public const string Name = "etc-netns";
}

namespace Companion.Core.Dns;

/// <summary>How many of the requested lookups are done.</summary>
public sealed record ProbeProgress(int Completed, int Total);

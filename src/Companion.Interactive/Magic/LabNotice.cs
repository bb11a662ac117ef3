namespace Companion.Interactive.Magic;

/// <summary>A one-line (or preformatted) answer of a <c>#!lab</c> command that is not an error: "no lab on this source", a fault injected, a resolv.conf.</summary>
public sealed record LabNotice(string Text, bool Preformatted = false);

namespace Companion.Interactive.Magic;

// A magic's root directive (#!dns, #!k8s, #!trace, #!lab) typed alone or with an unknown subcommand. Without a handler
// of its own the kernel failed such a cell with NoSuitableKernelException and its stack trace (fuzz finding F5).
// One command type per root: the kernel maps a command type to one directive.

/// <summary><c>#!dns</c> without a subcommand.</summary>
public sealed class DnsRootCommand : CompanionCommand;

/// <summary><c>#!k8s</c> without a subcommand.</summary>
public sealed class K8sRootCommand : CompanionCommand;

/// <summary><c>#!trace</c> without a subcommand.</summary>
public sealed class TraceRootCommand : CompanionCommand;

/// <summary><c>#!lab</c> without a subcommand.</summary>
public sealed class LabRootCommand : CompanionCommand;

namespace Companion.Interactive.Magic;

/// <summary><c>#!k8s proxy-mode</c>.</summary>
public sealed class ShowProxyMode : CompanionCommand
{
}

namespace Companion.Cli.K8s;

/// <summary>How a k8s command prints: text/plain (default), JSON (--json) or HTML (--html).</summary>
internal enum OutputFormat
{
    Text,
    Json,
    Html,
}

using Companion.Core.Security;

namespace Companion.Cluster;

/// <summary>
/// The one exception a cluster source throws for an expected failure. Its message is one redacted line that names what
/// went wrong (unreachable, TLS, 401, 403 with verb and resource, missing kubeconfig, malformed response, timeout, a bad
/// recording file), so a cell or the CLI can show it as is and stay usable.
/// </summary>
public sealed class ClusterAccessException : Exception
{
    public ClusterAccessException()
        : this(ClusterFailure.Other, "cluster access failed")
    {
    }

    public ClusterAccessException(string message)
        : this(ClusterFailure.Other, message)
    {
    }

    public ClusterAccessException(string message, Exception innerException)
        : this(ClusterFailure.Other, message, innerException)
    {
    }

    public ClusterAccessException(ClusterFailure failure, string message, Exception? innerException = null)
        : base(Redactor.Redact(message).ReplaceLineEndings(" ").Trim(), innerException)
    {
        Failure = failure;
    }

    /// <summary>Which kind of failure this is.</summary>
    public ClusterFailure Failure { get; }

    public static ClusterAccessException MissingKubeconfig(string path) =>
        new(ClusterFailure.MissingKubeconfig, $"kubeconfig not found: {path} (pass --kubeconfig, set KUBECONFIG, or use --recording DIR)");

    public static ClusterAccessException BadKubeconfig(string path, string reason) =>
        new(ClusterFailure.BadKubeconfig, $"kubeconfig {path}: {reason}");

    public static ClusterAccessException Unreachable(string server, string reason, Exception? inner = null) =>
        new(ClusterFailure.Unreachable, $"API server {server} unreachable: {reason}", inner);

    public static ClusterAccessException Tls(string server, string reason, Exception? inner = null) =>
        new(ClusterFailure.Tls, $"TLS error talking to {server}: {reason}", inner);

    public static ClusterAccessException Unauthorized(string server) =>
        new(ClusterFailure.Unauthorized, $"401 Unauthorized from {server}: the credentials were rejected (expired or revoked token?)");

    public static ClusterAccessException Forbidden(string verb, string resource, string scope) =>
        new(ClusterFailure.Forbidden, $"403 Forbidden: missing permission to {verb} {resource} {scope}");

    public static ClusterAccessException Timeout(string what, TimeSpan timeout) =>
        new(ClusterFailure.Timeout, $"timed out after {timeout.TotalMilliseconds:0} ms: {what}");

    public static ClusterAccessException Malformed(string what, string reason, Exception? inner = null) =>
        new(ClusterFailure.Malformed, $"malformed response: {what}: {reason}", inner);

    public static ClusterAccessException BadRecording(string file, string reason, Exception? inner = null) =>
        new(ClusterFailure.BadRecording, $"recording file {file}: {reason}", inner);

    public static ClusterAccessException ChangesNotAllowed(string action) =>
        new(ClusterFailure.ChangesNotAllowed, $"refused: {action} would change the cluster; pass --allow-changes after reviewing the dry-run");
}

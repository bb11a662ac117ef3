namespace Companion.Cluster;

/// <summary>The kinds of expected cluster-access failure, one clear line each.</summary>
public enum ClusterFailure
{
    Other,
    MissingKubeconfig,
    BadKubeconfig,
    Unreachable,
    Tls,
    Unauthorized,
    Forbidden,
    Timeout,
    Malformed,
    BadRecording,
    ChangesNotAllowed,
    HttpError,
}

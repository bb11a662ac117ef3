using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using k8s.Autorest;
using k8s.Exceptions;

namespace Companion.Cluster.Live;

/// <summary>Maps what KubernetesClient and HttpClient throw to one <see cref="ClusterAccessException"/> line.</summary>
internal static class ClusterErrors
{
    // verb: the Kubernetes verb ("list", "get"); resource: "pods", "configmaps"; scope: "in namespace X" or "at cluster scope".
    public static Exception? Map(Exception ex, string server, string verb, string resource, string scope, TimeSpan timeout, bool callerCancelled)
    {
        var what = scope.Length == 0 ? $"{verb} {resource}" : $"{verb} {resource} {scope}";
        switch (ex)
        {
            case ClusterAccessException:
                return null;
            case OperationCanceledException when callerCancelled:
                return null;
            case OperationCanceledException:
                return ClusterAccessException.Timeout($"{what} on {server}", timeout);
            case HttpOperationException http:
                return http.Response?.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => ClusterAccessException.Unauthorized(server),
                    HttpStatusCode.Forbidden => ClusterAccessException.Forbidden(verb, resource, scope),
                    { } ok when (int)ok is >= 200 and < 300 => ClusterAccessException.Malformed(what, "the body is not Kubernetes API JSON", ex),
                    { } code => new ClusterAccessException(ClusterFailure.HttpError, $"HTTP {(int)code} {code} from {server} for {what}"),
                    null => new ClusterAccessException(ClusterFailure.HttpError, $"HTTP error from {server} for {what}"),
                };
            case JsonException json:
                return ClusterAccessException.Malformed(what, $"not Kubernetes API JSON ({json.Message.Split('.')[0]})", ex);
            case KubeConfigException config:
                return ClusterAccessException.BadKubeconfig("(loaded)", config.Message);
            case HttpRequestException request:
                return FromRequest(request, server, what);
            case SocketException socket:
                return ClusterAccessException.Unreachable(server, socket.SocketErrorCode.ToString(), ex);
            default:
                return null;
        }
    }

    private static ClusterAccessException FromRequest(HttpRequestException ex, string server, string what)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException auth:
                    return ClusterAccessException.Tls(server, $"{auth.Message.Split('.')[0]} (check certificate-authority-data and the server name)", ex);
                case SocketException socket:
                    return ClusterAccessException.Unreachable(server, socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
                        SocketError.HostNotFound or SocketError.NoData => "host name not found",
                        SocketError.TimedOut => "connect timed out",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "no route to host",
                        var other => other.ToString(),
                    }, ex);
            }
        }

        return ex.HttpRequestError == HttpRequestError.SecureConnectionError
            ? ClusterAccessException.Tls(server, ex.Message, ex)
            : ClusterAccessException.Unreachable(server, $"{ex.HttpRequestError} ({what})", ex);
    }
}

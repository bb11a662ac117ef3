using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Companion.Cluster.Tests.ApiServer;

/// <summary>
/// A Kubernetes API server stand-in on 127.0.0.1 over HTTPS (Kestrel, a certificate made in the test). It serves the
/// raw list JSON of a recording for the paths KubernetesClient and kubectl call, plus legacy discovery for kubectl,
/// requires a bearer token, and records every verb it sees in <see cref="ApiAudit"/>. Knobs make it fail on purpose.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _recording;
    private readonly ConcurrentQueue<(string Method, string Path)> _requests = new();

    private FakeApiServer(WebApplication app, string recording, string token, bool allowChanges)
    {
        _app = app;
        _recording = recording;
        Token = token;
        AllowChanges = allowChanges;
    }

    public string Token { get; }

    public bool AllowChanges { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Paths (exact) answered 403 with the API server's Status body.</summary>
    public ConcurrentDictionary<string, string> Forbidden { get; } = new();

    /// <summary>Paths answered with broken JSON.</summary>
    public ConcurrentDictionary<string, bool> Malformed { get; } = new();

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<(string Method, string Path)> Requests => [.. _requests];

    public static async Task<FakeApiServer> StartAsync(TestCertificate certificate, string recordingDirectory, string token, bool allowChanges = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate.Certificate)));
        var app = builder.Build();
        var server = new FakeApiServer(app, recordingDirectory, token, allowChanges);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = (request.Path.Value ?? "/").TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
        _requests.Enqueue((request.Method, path));
        ApiAudit.Record(request.Method, path, AllowChanges);
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await StatusAsync(context, 401, "Unauthorized", "Unauthorized");
            return;
        }

        if (Forbidden.TryGetValue(path, out var message))
        {
            await StatusAsync(context, 403, "Forbidden", message);
            return;
        }

        if (Malformed.ContainsKey(path))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"kind\":\"PodList\",\"items\":[{\"metadata\":");
            return;
        }

        if (request.Method != "GET")
        {
            await HandleChangeAsync(context, path);
            return;
        }

        var body = Route(path);
        if (body is null)
        {
            await StatusAsync(context, 404, "NotFound", $"the server could not find the requested resource ({path})");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private async Task HandleChangeAsync(HttpContext context, string path)
    {
        if (!AllowChanges)
        {
            await StatusAsync(context, 405, "MethodNotAllowed", "this test server is read-only");
            return;
        }

        // The debug-pod flow: POST creates, GET .../pods/NAME reports Succeeded, GET .../log returns the dump, DELETE removes.
        context.Response.ContentType = "application/json";
        if (context.Request.Method == "POST")
        {
            using var reader = new StreamReader(context.Request.Body);
            var pod = JsonNode.Parse(await reader.ReadToEndAsync())!;
            CreatedPods[pod["metadata"]!["name"]!.GetValue<string>()] = pod.ToJsonString();
            context.Response.StatusCode = 201;
            await context.Response.WriteAsync(pod.ToJsonString());
            return;
        }

        var name = path.Split('/').Last();
        CreatedPods.TryRemove(name, out var removed);
        await context.Response.WriteAsync(removed ?? "{}");
    }

    /// <summary>Pods created through the server (only when changes are allowed).</summary>
    public ConcurrentDictionary<string, string> CreatedPods { get; } = new();

    /// <summary>The log the debug pod "prints".</summary>
    public string DebugPodLog { get; set; } = "";

    private string? Route(string path)
    {
        var parts = path.Trim('/').Split('/');
        return path switch
        {
            "/version" => File("version.json", null),
            "/api" => $"{{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"{BaseUri.Authority}\"}}]}}",
            "/apis" => DiscoveryGroups,
            "/api/v1" => ResourceList("v1", ("nodes", "Node", false), ("pods", "Pod", true), ("services", "Service", true), ("configmaps", "ConfigMap", true), ("namespaces", "Namespace", false)),
            "/apis/apps/v1" => ResourceList("apps/v1", ("daemonsets", "DaemonSet", true), ("deployments", "Deployment", true)),
            "/apis/discovery.k8s.io/v1" => ResourceList("discovery.k8s.io/v1", ("endpointslices", "EndpointSlice", true)),
            "/api/v1/nodes" => File("nodes.json", null),
            "/api/v1/pods" => File("pods.json", null),
            "/api/v1/services" => File("services.json", null),
            "/apis/discovery.k8s.io/v1/endpointslices" => File("endpointslices.json", null),
            _ when parts is ["api", "v1", "namespaces", var ns, "pods"] => File("pods.json", ns),
            _ when parts is ["api", "v1", "namespaces", var ns, "services"] => File("services.json", ns),
            _ when parts is ["apis", "discovery.k8s.io", "v1", "namespaces", var ns, "endpointslices"] => File("endpointslices.json", ns),
            _ when parts is ["api", "v1", "namespaces", "kube-system", "configmaps"] => File("kube-system-configmaps.json", null),
            _ when parts is ["apis", "apps", "v1", "namespaces", "kube-system", "daemonsets"] => File("kube-system-daemonsets.json", null),
            _ when parts is ["api", "v1", "namespaces", _, "pods", var name, "log"] => CreatedPods.ContainsKey(name) ? DebugPodLog : null,
            _ when parts is ["api", "v1", "namespaces", _, "pods", var name] && CreatedPods.TryGetValue(name, out var pod) => Succeeded(pod),
            _ => null,
        };
    }

    private static string Succeeded(string pod)
    {
        var node = JsonNode.Parse(pod)!;
        node["status"] = new JsonObject { ["phase"] = "Succeeded" };
        return node.ToJsonString();
    }

    private string? File(string name, string? @namespace)
    {
        var path = Path.Combine(_recording, name);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        var text = System.IO.File.ReadAllText(path);
        if (@namespace is null)
        {
            return text;
        }

        var list = JsonNode.Parse(text)!;
        var items = list["items"]!.AsArray();
        foreach (var item in items.Where(i => i!["metadata"]!["namespace"]?.GetValue<string>() != @namespace).ToList())
        {
            items.Remove(item);
        }

        return list.ToJsonString();
    }

    private static string ResourceList(string groupVersion, params (string Name, string Kind, bool Namespaced)[] resources) =>
        new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["singularName"] = r.Kind.ToLowerInvariant(),
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray("get", "list", "watch"),
            })]),
        }.ToJsonString();

    private const string DiscoveryGroups = """
        {"kind":"APIGroupList","apiVersion":"v1","groups":[
          {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
          {"name":"discovery.k8s.io","versions":[{"groupVersion":"discovery.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"discovery.k8s.io/v1","version":"v1"}}]}
        """;

    private static Task StatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        return context.Response.WriteAsync(status.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

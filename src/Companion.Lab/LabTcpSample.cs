using System.Text.Json.Serialization;

namespace Companion.Lab;

/// <summary>One TCP connect from a pod: the connect time, the pod that answered (ip:port), and an error when it failed.</summary>
public sealed record LabTcpSample(
    double Ms,
    string? Endpoint,
    bool Ok,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

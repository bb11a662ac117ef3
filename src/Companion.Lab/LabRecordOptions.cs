namespace Companion.Lab;

/// <summary>What `companion record --lab` measures: from which pod, to which Service, how many samples.</summary>
public sealed record LabRecordOptions(string FromPod = "frontend", string Service = "backend", int DnsCount = 20, int TcpCount = 300, int StallCount = 3);

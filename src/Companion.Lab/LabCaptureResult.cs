using Companion.Core.Diagnostics;
using Companion.Core.Lab;

namespace Companion.Lab;

/// <summary>A finished capture: the pcap file (for Wireshark), its decoded packets, and what could not be read.</summary>
public sealed record LabCaptureResult(string PcapPath, string Where, IReadOnlyList<CapturedPacket> Packets, IReadOnlyList<Diagnostic> Diagnostics);

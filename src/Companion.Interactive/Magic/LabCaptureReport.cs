using Companion.Lab;

namespace Companion.Interactive.Magic;

/// <summary>The result of <c>#!lab capture</c>: the decoded packets and the pcap path, and what the capture watched.</summary>
public sealed record LabCaptureReport(LabCaptureResult Result, string Caption, string Source);

using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>One query in flight on a <see cref="UdpMux"/>: its wire bytes, deadline, send time and completion.</summary>
internal sealed class UdpPendingQuery(PlannedQuery planned, byte[] query)
{
    public PlannedQuery Planned { get; } = planned;

    public byte[] Query { get; } = query;

    // continuations run inline on the mux's completion thread: no thread-pool hop between an answer and the next send
    public TaskCompletionSource<UdpQueryResult> Completion { get; } = new(TaskCreationOptions.None);

    public ushort Id { get; set; }

    public int Length { get; set; }

    // a field: written with Volatile.Write once the query is sent, read by the receiver's deadline sweep
#pragma warning disable SA1401, CA1051
    public long Deadline;
#pragma warning restore SA1401, CA1051

    public long Sent { get; set; }

    public CancellationTokenRegistration Registration { get; set; }
}

using System.Diagnostics;
using Companion.Core.Dns;

namespace Companion.Cluster.Dns;

/// <summary>The results of a <see cref="UdpBulkEngine"/> series, built after its clock stopped.</summary>
internal sealed partial class UdpBulkEngine
{
    private Series AllFailed()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _count; i++)
        {
            _result[i] = Failed;
            _sent[i] = _done[i] = now;
        }

        return Collect(TimeSpan.Zero, now, false);
    }

    /// <summary>The results as wire queries (built after the clock stopped).</summary>
    private Series Collect(TimeSpan wall, long first, bool kernelStamps)
    {
        var sentMs = new double[_count];
        var server = _serverText;
        var queries = new DnsWireQuery[_count];
        var truncated = new bool[_count];
        var timeout = new DnsWireQuery(_query.Type, _query.Name, DnsOutcome.Timeout, "TIMEOUT", [], 0, 0, server, false);
        var failed = timeout with { Outcome = DnsOutcome.Error, Rcode = "ERROR" };
        var answered = _parsed.Select(a => a.Malformed
            ? failed
            : timeout with { Outcome = DnsRcode.Outcome(a.Rcode, a.Answers.Count), Rcode = DnsRcode.Name(a.Rcode), Answers = a.Answers }).ToArray();
        for (var i = 0; i < _count; i++)
        {
            var ms = Math.Max(0, Stopwatch.GetElapsedTime(_sent[i], _done[i]).TotalMilliseconds);
            var r = _result[i];
            queries[i] = (r switch { TimedOut => timeout, >= 0 => answered[r], _ => failed }) with { Ms = ms };
            truncated[i] = r >= 0 && _parsed[r] is { Truncated: true, Malformed: false };
            sentMs[i] = Stopwatch.GetElapsedTime(first, _sent[i]).TotalMilliseconds;
        }

        return new Series(queries, truncated, wall, sentMs, kernelStamps);
    }
}

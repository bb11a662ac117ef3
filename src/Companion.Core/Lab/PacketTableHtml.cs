using System.Globalization;
using System.Text;
using Companion.Core.Rendering;

namespace Companion.Core.Lab;

/// <summary>Renders captured packets as an HTML table (time, source, destination, protocol, flags, DNS). Every value is encoded.</summary>
public static class PacketTableHtml
{
    public static string Render(IReadOnlyList<CapturedPacket> packets, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(packets);
        var sb = new StringBuilder();
        sb.Append("<table class=\"companion-packets\">");
        if (caption is not null)
        {
            sb.Append("<caption>").Append(Html.Encode(caption)).Append("</caption>");
        }

        sb.Append("<thead><tr><th>#</th><th>time s</th><th>source</th><th>destination</th><th>protocol</th><th>flags</th><th>DNS</th></tr></thead><tbody>");
        for (var i = 0; i < packets.Count; i++)
        {
            var p = packets[i];
            var dns = p.DnsQuestion is null ? "" : p.DnsResponse
                ? $"{p.DnsQuestion} → {p.DnsRcode} {string.Join(", ", p.DnsAnswers ?? [])}"
                : $"? {p.DnsQuestion}";
            sb.Append("<tr><td>").Append(Html.Encode((i + 1).ToString(CultureInfo.InvariantCulture)))
              .Append("</td><td>").Append(Html.Encode(p.TimeSeconds.ToString("0.000000", CultureInfo.InvariantCulture)))
              .Append("</td><td>").Append(Html.Encode(p.Source))
              .Append("</td><td>").Append(Html.Encode(p.Destination))
              .Append("</td><td>").Append(Html.Encode(p.Protocol))
              .Append("</td><td>").Append(Html.Encode(p.Flags))
              .Append("</td><td>").Append(Html.Encode(dns.Trim()))
              .Append("</td></tr>");
        }

        sb.Append("</tbody></table>");
        return sb.ToString();
    }
}

using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Companion.Interactive.Tests;

/// <summary>Reading what a cell produced.</summary>
internal static class KernelResults
{
    public static string? Failure(this KernelCommandResult result) =>
        result.Events.OfType<CommandFailed>().FirstOrDefault()?.Message;

    public static IReadOnlyList<string> Values(this KernelCommandResult result, string mimeType) =>
        result.Events.OfType<DisplayEvent>()
            .SelectMany(e => e.FormattedValues.Where(v => v.MimeType == mimeType).Select(v => v.Value))
            .ToArray();

    /// <summary>The last text/html value displayed or returned.</summary>
    public static string LastHtml(this KernelCommandResult result) =>
        result.Values("text/html").LastOrDefault() ?? throw new InvalidOperationException(
            "no text/html output; failure: " + (result.Failure() ?? "none"));

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The text of one column of every body row of the first table.</summary>
    public static IReadOnlyList<string> Column(this IHtmlDocument document, int index, int table = 0) =>
        document.QuerySelectorAll("table")[table].QuerySelectorAll("tbody tr")
            .Select(row => row.QuerySelectorAll("td")[index].TextContent.Trim())
            .ToArray();
}

namespace Companion.Core.Rendering;

/// <summary>A one-line notice (or a preformatted block such as a resolv.conf) as HTML, encoded.</summary>
public static class LabNoticeHtml
{
    public static string Render(string text, bool preformatted) =>
        preformatted ? $"<pre class=\"companion-lab-notice\">{Html.Encode(text)}</pre>" : $"<p class=\"companion-lab-notice\">{Html.Encode(text)}</p>";
}

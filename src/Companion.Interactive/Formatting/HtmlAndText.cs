using Microsoft.DotNet.Interactive.Formatting;

namespace Companion.Interactive.Formatting;

/// <summary>How the extension registers a formatter pair: text/html and text/plain, with HTML preferred, then text.</summary>
internal static class HtmlAndText
{
    public const string HtmlMime = "text/html";
    public const string TextMime = "text/plain";

    /// <summary>Registers <paramref name="html"/> and <paramref name="text"/> for <typeparamref name="T"/> and prefers HTML, then text.</summary>
    public static void Register<T>(Func<T, string> html, Func<T, string> text)
    {
        Formatter.Register(html, HtmlMime);
        Formatter.Register(text, TextMime);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlMime, TextMime);
    }
}

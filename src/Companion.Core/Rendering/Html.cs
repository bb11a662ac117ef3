using System.Net;

namespace Companion.Core.Rendering;

/// <summary>
/// The one place renderers turn values into HTML text. Every interpolated value goes through <see cref="Encode(string?)"/>.
/// </summary>
public static class Html
{
    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>HTML-encodes any value's invariant string form.</summary>
    public static string Encode(IFormattable value) =>
        WebUtility.HtmlEncode(value.ToString(null, System.Globalization.CultureInfo.InvariantCulture));
}

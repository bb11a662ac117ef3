using Companion.Core.Diagnostics;

namespace Companion.Core.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("name 'a\nb' is bad", "name 'a\\nb' is bad")]
    [InlineData("x\r\ny\tz", "x\\r\\ny\\tz")]
    [InlineData("nul\0 and \u2028", "nul\\u0000 and \\u2028")]
    [InlineData("plain text stays as it is", "plain text stays as it is")]
    public void a_message_that_echoes_control_characters_stays_one_line(string message, string expected)
    {
        // Given / When
        var diagnostic = Diagnostic.Fail(message, "model.json", 3);

        // Then
        diagnostic.Message.Should().Be(expected);
        diagnostic.ToString().Should().NotContainAny("\n", "\r");
    }
}

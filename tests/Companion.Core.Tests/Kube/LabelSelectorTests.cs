using Companion.Core.Kube;

namespace Companion.Core.Tests.Kube;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "backend" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier=backend", true)]
    [InlineData("app!=web", false)]
    [InlineData("app in (db, web)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("zone!=a", true)]
    [InlineData("", true)]
    public void matches_like_kubernetes(string selector, bool expected)
    {
        // When
        var parsed = LabelSelector.Parse(selector);

        // Then
        parsed.IsValid.Should().BeTrue();
        parsed.Value.Matches(Web).Should().Be(expected);
    }

    [Theory]
    [InlineData("a=b=c")]
    [InlineData("app in web")]
    [InlineData("<script>=x")]
    [InlineData(",")]
    public void bad_terms_are_diagnostics_not_exceptions(string selector)
    {
        // When
        var parsed = LabelSelector.Parse(selector);

        // Then
        parsed.IsValid.Should().BeFalse();
        parsed.Diagnostics[0].Message.Should().StartWith("invalid label selector term");
    }
}

using Companion.Core.Security;

namespace Companion.Core.Tests.Security;

public sealed class RedactorTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi", "abc.def-ghi")]
    [InlineData("request failed with header authorization=Basic YWRtaW46c2VjcmV0", "YWRtaW46c2VjcmV0")]
    [InlineData("{\"token\":\"s3cr3t-t0ken-value\"}", "s3cr3t-t0ken-value")]
    [InlineData("    client-key-data: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t", "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t")]
    [InlineData("password: hunter22", "hunter22")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA")]
    [InlineData("id token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl expired", "eyJzdWIiOiJhZG1pbiJ9")]
    [InlineData("exec plugin env AWS_SECRET: \"refresh-token\": \"rt-123456789\"", "rt-123456789")]
    public void hides_recognisable_secrets(string text, string secret)
    {
        // When
        var redacted = Redactor.Redact(text);

        // Then
        redacted.Should().NotContain(secret).And.Contain(Redactor.Mask);
    }

    [Fact]
    public void hides_a_registered_secret_in_any_shape()
    {
        // Given
        Redactor.RegisterSecret("plain-canary-4242");

        // When
        var redacted = Redactor.Redact("server said: unexpected value plain-canary-4242 in field x");

        // Then
        redacted.Should().Be($"server said: unexpected value {Redactor.Mask} in field x");
    }

    [Theory]
    [InlineData("403 Forbidden: missing permission to list pods at cluster scope")]
    [InlineData("timed out after 5000 ms: list nodes at cluster scope on https://10.0.0.1:6443")]
    [InlineData("nameserver 10.96.0.10\nsearch demo.svc.cluster.local\noptions ndots:5")]
    public void leaves_ordinary_text_alone(string text)
    {
        // When / Then
        Redactor.Redact(text).Should().Be(text);
    }

    [Fact]
    public void ignores_registered_values_too_short_to_be_secrets()
    {
        // Given
        Redactor.RegisterSecret("ab");

        // When / Then
        Redactor.Redact("a table with ab in it").Should().Be("a table with ab in it");
    }
}

using Companion.Core.Kube;
using Companion.Core.Model;
using Companion.Core.Security;
using CsCheck;

namespace Companion.Core.Tests.Kube;

/// <summary>Property-based checks (CsCheck, bounded iterations): the Kube parsers and the redactor never throw on any text.</summary>
public sealed class KubePropertyTests
{
    private static readonly Gen<string> Selectorish = Gen.String[Gen.Char["abc=!,() inotx-./_"], 0, 60];
    private static readonly Gen<string> Configish = Gen.String[Gen.Char["mode:\"' #\n\r\tiptables{}"], 0, 200];
    private static readonly Gen<string> ResolvConfish = Gen.String[Gen.Char["nameserver search options ndots:5 .\n\t#;1"], 0, 300];

    [Fact]
    public void a_selector_parses_to_a_value_or_diagnostics_and_matching_never_throws()
    {
        // Given any selector-like text / When / Then
        Selectorish.Sample(text =>
        {
            var parsed = LabelSelector.Parse(text);
            parsed.Value.Matches(new Dictionary<string, string> { ["a"] = "b" });
            (parsed.IsValid || parsed.Diagnostics.Count > 0).Should().BeTrue();
        }, iter: 3000);
    }

    [Fact]
    public void proxy_mode_detection_never_throws_and_always_explains_itself()
    {
        // Given any config text and args / When / Then
        Gen.Select(Configish, Gen.String.Array[0, 5]).Sample((config, args) =>
        {
            var info = ProxyModeDetector.Detect("kube-system/kube-proxy", config, args, ["kube-proxy"]);
            info.Evidence.Should().NotBeNullOrWhiteSpace();
        }, iter: 3000);
    }

    [Fact]
    public void kubelet_resolv_conf_rules_keep_their_limits_for_any_node_file()
    {
        // Given any node resolv.conf and any policy
        var policies = Gen.Int[0, 5].Select(i => new[] { "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None", "bogus", "" }[i]);
        Gen.Select(ResolvConfish, policies, Gen.Bool).Sample((node, policy, hostNetwork) =>
        {
            var pod = new PodInfo("ns", "p", "n", null, "Running", true, 0, new Dictionary<string, string>(), [], hostNetwork, policy);

            // When
            var dns = PodResolvConf.Build(pod, new KubeletDnsSettings(["10.96.0.10"], "cluster.local", node));

            // Then
            dns.Nameservers.Count.Should().BeLessThanOrEqualTo(3);
            dns.Searches.Count.Should().BeLessThanOrEqualTo(32);
            dns.ResolvConf.Should().EndWith("\n");
        }, iter: 3000);
    }

    [Fact]
    public void redaction_never_throws_and_never_grows_a_registered_secret_back()
    {
        // Given
        Redactor.RegisterSecret("prop-canary-secret-1234");

        // When / Then
        Gen.String.Sample(text =>
        {
            Redactor.Redact(text + "prop-canary-secret-1234" + text).Should().NotContain("prop-canary-secret-1234");
        }, iter: 2000);
    }
}

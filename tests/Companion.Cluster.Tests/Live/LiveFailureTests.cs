using Companion.Cluster.Live;
using Companion.Cluster.Tests.ApiServer;

namespace Companion.Cluster.Tests.Live;

public sealed class LiveFailureTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private async Task<ClusterAccessException> FailureAsync(string? context, int timeoutMs = 5000, string? kubeconfig = null)
    {
        var options = new LiveClusterOptions { KubeconfigPath = kubeconfig ?? fixture.Kubeconfig.Path, Context = context, Timeout = TimeSpan.FromMilliseconds(timeoutMs) };
        var act = async () =>
        {
            using var source = LiveClusterSource.Connect(options);
            await source.GetSnapshotAsync(null, TestContext.Current.CancellationToken);
        };
        return (await act.Should().ThrowAsync<ClusterAccessException>()).Which;
    }

    [Fact]
    public async Task a_closed_port_is_one_unreachable_line()
    {
        // When
        var failure = await FailureAsync("closed");

        // Then
        failure.Failure.Should().Be(ClusterFailure.Unreachable);
        failure.Message.Should().MatchRegex(@"^API server https://127\.0\.0\.1:\d+/? unreachable: connection refused");
        failure.Message.Should().NotContain("\n");
    }

    [Fact]
    public async Task a_server_that_accepts_and_never_answers_times_out_at_the_configured_timeout()
    {
        // When
        var failure = await FailureAsync("silent", timeoutMs: 300);

        // Then
        failure.Failure.Should().Be(ClusterFailure.Timeout);
        failure.Message.Should().StartWith("timed out after 300 ms: ");
    }

    [Fact]
    public async Task a_slow_server_past_the_timeout_is_a_timeout_not_a_hang()
    {
        // Given
        fixture.Server.Delay = TimeSpan.FromSeconds(3);
        try
        {
            // When
            var failure = await FailureAsync("fake", timeoutMs: 200);

            // Then
            failure.Failure.Should().Be(ClusterFailure.Timeout);
            failure.Message.Should().MatchRegex(@"^timed out after 200 ms: (list \S+ (at cluster scope|in namespace kube-system)|get /version) on https://127\.0\.0\.1:\d+/?$");
        }
        finally
        {
            fixture.Server.Delay = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task forbidden_names_the_verb_and_the_resource()
    {
        // Given
        fixture.Server.Forbidden["/api/v1/pods"] = "pods is forbidden: User \"system:serviceaccount:demo:reader\" cannot list resource \"pods\" in API group \"\" at the cluster scope";
        try
        {
            // When
            var failure = await FailureAsync("fake");

            // Then
            failure.Failure.Should().Be(ClusterFailure.Forbidden);
            failure.Message.Should().Be("403 Forbidden: missing permission to list pods at cluster scope");
        }
        finally
        {
            fixture.Server.Forbidden.Clear();
        }
    }

    [Fact]
    public async Task forbidden_kube_system_configmaps_degrade_to_an_unknown_proxy_mode()
    {
        // Given
        fixture.Server.Forbidden["/api/v1/namespaces/kube-system/configmaps"] = "forbidden";
        fixture.Server.Forbidden["/apis/apps/v1/namespaces/kube-system/daemonsets"] = "forbidden";
        try
        {
            // When
            using var source = LiveClusterSourceTests.Connect(fixture);
            var snapshot = await source.GetSnapshotAsync(null, TestContext.Current.CancellationToken);

            // Then
            snapshot.ProxyMode.Mode.Should().Be(Core.Model.ProxyMode.Unknown);
            snapshot.Pods.Should().NotBeEmpty();
        }
        finally
        {
            fixture.Server.Forbidden.Clear();
        }
    }

    [Fact]
    public async Task an_expired_token_is_401_without_the_token()
    {
        // When
        var failure = await FailureAsync("expired");

        // Then
        failure.Failure.Should().Be(ClusterFailure.Unauthorized);
        failure.Message.Should().StartWith("401 Unauthorized from https://127.0.0.1:");
        failure.Message.Should().NotContain(TestKubeconfig.ExpiredToken);
    }

    [Fact]
    public async Task malformed_json_is_one_line_naming_the_resource()
    {
        // Given
        fixture.Server.Malformed["/api/v1/pods"] = true;
        try
        {
            // When
            var failure = await FailureAsync("fake");

            // Then
            failure.Failure.Should().Be(ClusterFailure.Malformed);
            failure.Message.Should().StartWith("malformed response: ");
            failure.Message.Should().Contain("pods");
        }
        finally
        {
            fixture.Server.Malformed.Clear();
        }
    }

    [Fact]
    public async Task a_server_certificate_from_another_ca_is_a_tls_error()
    {
        // When
        var failure = await FailureAsync("wrong-ca");

        // Then
        failure.Failure.Should().Be(ClusterFailure.Tls);
        failure.Message.Should().StartWith("TLS error talking to https://127.0.0.1:");
    }

    [Fact]
    public async Task a_missing_kubeconfig_says_where_it_looked()
    {
        // When
        var failure = await FailureAsync(null, kubeconfig: "/nonexistent/companion/kubeconfig");

        // Then
        failure.Failure.Should().Be(ClusterFailure.MissingKubeconfig);
        failure.Message.Should().StartWith("kubeconfig not found: /nonexistent/companion/kubeconfig");
    }

    [Fact]
    public async Task an_unknown_context_is_a_kubeconfig_error()
    {
        // When
        var failure = await FailureAsync("no-such-context");

        // Then
        failure.Failure.Should().Be(ClusterFailure.BadKubeconfig);
    }

    [Fact]
    public async Task cancelling_the_caller_stops_a_hung_call_promptly()
    {
        // Given
        using var source = LiveClusterSourceTests.Connect(fixture, "silent", timeoutMs: 60_000);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));

        // When
        var act = () => source.GetSnapshotAsync(null, cts.Token);

        // Then
        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}

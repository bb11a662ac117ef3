using System.Text.Json;
using Companion.Cluster.Tests.Dns;

namespace Companion.Cli.Tests.Dns;

/// <summary>`companion dns` in-process against a real dnsmasq on loopback: the JSON contract, text output and errors.</summary>
public sealed class DnsCommandsTests(DnsmasqFixture fixture) : IClassFixture<DnsmasqFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("companion-dns-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A pod resolv.conf whose nameserver is the fixture (or <paramref name="server"/>).</summary>
    private string ResolvConf(string? server = null, int ndots = 5)
    {
        var path = Path.Combine(_dir, $"resolv-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, $"nameserver {server ?? fixture.Require().Server}\nsearch {string.Join(' ', DnsTestZone.Search)}\noptions ndots:{ndots} timeout:2\n");
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CompanionCli.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static string[] Names(JsonElement queries) => queries.EnumerateArray().Select(q => $"{q.GetProperty("type").GetString()} {q.GetProperty("name").GetString()}").ToArray();

    [Fact]
    public async Task plan_prints_the_queries_in_order()
    {
        // Given
        var conf = ResolvConf("127.0.0.1");

        // When
        var (exit, stdout, stderr) = await Run("dns", "plan", "web.demo", "--resolv-conf", conf, "--json");

        // Then
        exit.Should().Be(0, stderr);
        Names(Json(stdout).GetProperty("queries")).Should().Equal(
            "A web.demo.demo.svc.cluster.local", "AAAA web.demo.demo.svc.cluster.local", "A web.demo.svc.cluster.local", "AAAA web.demo.svc.cluster.local",
            "A web.demo.cluster.local", "AAAA web.demo.cluster.local", "A web.demo", "AAAA web.demo");
    }

    [Fact]
    public async Task plan_follows_libc_ndots_and_search_overrides()
    {
        // Given / When
        var (_, stdout, _) = await Run("dns", "plan", "web.demo", "--resolv-conf", ResolvConf("127.0.0.1"), "--libc", "musl", "--ndots", "1", "--json");
        var (_, stdout2, _) = await Run("dns", "plan", "web", "--resolv-conf", ResolvConf("127.0.0.1"), "--search", "a.example", "--search", "b.example", "--json");

        // Then
        Names(Json(stdout).GetProperty("queries")).Should().Equal("A web.demo", "AAAA web.demo");
        Json(stdout2).GetProperty("candidates").EnumerateArray().Select(c => c.GetString()).Should().Equal("web.a.example", "web.b.example", "web");
    }

    [Fact]
    public async Task probe_with_count_one_prints_the_wire_queries_and_addresses()
    {
        // Given
        var conf = ResolvConf();

        // When
        var (exit, stdout, stderr) = await Run("dns", "probe", "web.demo", "--resolv-conf", conf, "--json");

        // Then
        exit.Should().Be(0, stderr);
        var json = Json(stdout);
        json.GetProperty("name").GetString().Should().Be("web.demo");
        json.GetProperty("libc").GetString().Should().Be("glibc");
        var queries = json.GetProperty("queries");
        Names(queries).Should().Equal("A web.demo.demo.svc.cluster.local", "AAAA web.demo.demo.svc.cluster.local", "A web.demo.svc.cluster.local", "AAAA web.demo.svc.cluster.local");
        queries.EnumerateArray().Select(q => q.GetProperty("rcode").GetString()).Should().Equal("NXDOMAIN", "NXDOMAIN", "NOERROR", "NOERROR");
        queries[2].GetProperty("answers").EnumerateArray().Select(a => a.GetString()).Should().Equal(DnsTestZone.WebIp);
        queries.EnumerateArray().Should().OnlyContain(q => q.GetProperty("ms").GetDouble() > 0);
        json.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).Should().Equal(DnsTestZone.WebIp);
        json.TryGetProperty("summary", out _).Should().BeFalse();
    }

    [Fact]
    public async Task server_overrides_the_resolv_conf_nameservers()
    {
        // Given a resolv.conf whose nameserver has nothing listening
        var conf = ResolvConf("127.0.0.9:9");

        // When
        var (exit, stdout, stderr) = await Run("dns", "probe", "web.demo.svc.cluster.local.", "--resolv-conf", conf, "--server", fixture.Require().Server, "--tcp", "--json");

        // Then
        exit.Should().Be(0, stderr);
        var queries = Json(stdout).GetProperty("queries");
        Names(queries).Should().Equal("A web.demo.svc.cluster.local", "AAAA web.demo.svc.cluster.local");
        queries.EnumerateArray().Should().OnlyContain(q => q.GetProperty("server").GetString() == fixture.Require().Server && q.GetProperty("tcp").GetBoolean());
    }

    [Fact]
    public async Task probe_with_a_count_adds_a_summary_and_samples()
    {
        // Given / When
        var (exit, stdout, stderr) = await Run("dns", "probe", "missing", "--resolv-conf", ResolvConf(), "--count", "12", "--concurrency", "3", "--json");

        // Then
        exit.Should().Be(0, stderr);
        var json = Json(stdout);
        var summary = json.GetProperty("summary");
        summary.GetProperty("count").GetInt32().Should().Be(12);
        summary.GetProperty("qps").GetDouble().Should().BePositive();
        summary.GetProperty("p50Ms").GetDouble().Should().BeLessThanOrEqualTo(summary.GetProperty("p99Ms").GetDouble());
        summary.GetProperty("maxMs").GetDouble().Should().BeGreaterThanOrEqualTo(summary.GetProperty("p99Ms").GetDouble());
        summary.GetProperty("outcomes").GetProperty("NxDomain").GetInt32().Should().Be(12);
        json.GetProperty("samples").GetArrayLength().Should().Be(12);
        json.GetProperty("queries").GetArrayLength().Should().Be(8);
        json.GetProperty("addresses").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("web.demo.svc.cluster.local.", "A")]
    [InlineData("web", null)]
    public async Task probe_with_a_rate_runs_every_lookup_on_the_bulk_and_the_general_path(string name, string? type)
    {
        // Given an FQDN with --type (the bulk engine) and a short name (the general path), paced at 400 lookups per second
        string[] args = ["dns", "probe", name, "--resolv-conf", ResolvConf(), "--count", "8", "--concurrency", "4", "--rate", "400", "--json"];

        // When
        var (exit, stdout, stderr) = await Run(type is null ? args : [.. args, "--type", type]);

        // Then
        exit.Should().Be(0, stderr);
        var summary = Json(stdout).GetProperty("summary");
        summary.GetProperty("count").GetInt32().Should().Be(8);
        summary.GetProperty("outcomes").GetProperty("NoError").GetInt32().Should().Be(8);
    }

    [Fact]
    public async Task compare_prints_six_variants_with_query_counts()
    {
        // Given / When
        var (exit, stdout, stderr) = await Run("dns", "compare", "web.demo", "--resolv-conf", ResolvConf(), "--count", "2", "--json");

        // Then
        exit.Should().Be(0, stderr);
        var variants = Json(stdout).GetProperty("variants").EnumerateArray().ToArray();
        variants.Select(v => v.GetProperty("queriesPerLookup").GetInt32()).Should().Equal([4, 4, 4, 6, 2, 4], "ndots 1 tries web.demo as is first");
        variants[4].GetProperty("name").GetString().Should().Be("web.demo.svc.cluster.local.");
        variants.Should().OnlyContain(v => v.GetProperty("summary").GetProperty("count").GetInt32() == 2);
    }

    [Fact]
    public async Task without_json_probe_prints_a_table()
    {
        // Given / When
        var (exit, stdout, _) = await Run("dns", "probe", "web", "--resolv-conf", ResolvConf());

        // Then
        exit.Should().Be(0);
        stdout.Should().Contain("rcode").And.Contain("web.demo.svc.cluster.local").And.Contain(DnsTestZone.WebIp);
    }

    [Theory]
    [InlineData("--server", "not-an-ip")]
    [InlineData("--resolv-conf", "/nonexistent/resolv.conf")]
    [InlineData("--count", "0")]
    [InlineData("--timeout-ms", "0")]
    [InlineData("--libc", "bsd")]
    [InlineData("--type", "MX")]
    [InlineData("--rate", "0")]
    public async Task bad_input_is_one_line_on_stderr_and_a_non_zero_exit(string option, string value)
    {
        // Given / When
        var (exit, stdout, stderr) = await Run("dns", "probe", "web", option, value, "--json");

        // Then
        exit.Should().NotBe(0);
        stdout.Should().BeEmpty();
        stderr.Trim().Split('\n').Should().ContainSingle().Which.Should().StartWith("companion: ");
    }
}

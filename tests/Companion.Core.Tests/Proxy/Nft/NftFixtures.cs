using Companion.Core.Model;
using static Companion.Core.Tests.Proxy.Model.ModelScenario;

namespace Companion.Core.Tests.Proxy.Nft;

/// <summary>
/// Text the kernel printed: `nft -a list ruleset` (nft 1.0.6, Linux 6.18) in a fresh network namespace after
/// `nft -f` of KubeProxyNftGenerator's output for <see cref="NftFixtures.Scenario"/> (web: NodePort + externalIP +
/// ClientIP affinity, 3 endpoints; empty: no endpoints; loc: LoadBalancer, externalTrafficPolicy Local, source ranges,
/// its only endpoint on another node).
/// </summary>
internal static class NftFixtures
{
    public const string KernelPrinted = """
table ip kube-proxy { # handle 1
	comment "rules for kube-proxy"
	set cluster-ips { # handle 26
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.10, 10.96.0.11,
			     10.96.0.12 }
	}

	map service-ips { # handle 27
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
		elements = { 203.0.113.7 . tcp . 80 : goto external-Z2OEFYZB-demo/loc/tcp/http,
			     10.96.0.10 . tcp . 80 : goto service-AXK6CI2C-demo/web/tcp/http,
			     10.96.0.12 . tcp . 80 : goto service-Z2OEFYZB-demo/loc/tcp/http,
			     192.168.50.100 . tcp . 80 : goto external-AXK6CI2C-demo/web/tcp/http }
	}

	map service-nodeports { # handle 28
		type inet_proto . inet_service : verdict
		comment "NodePort traffic"
		elements = { tcp . 30080 : goto external-AXK6CI2C-demo/web/tcp/http,
			     tcp . 30081 : goto external-Z2OEFYZB-demo/loc/tcp/http }
	}

	map no-endpoint-services { # handle 29
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "vmap to drop or reject packets to services with no endpoints"
		elements = { 203.0.113.7 . tcp . 80 comment "demo/loc:http" : drop,
			     10.96.0.11 . tcp . 80 comment "demo/empty" : goto reject-chain }
	}

	map no-endpoint-nodeports { # handle 30
		type inet_proto . inet_service : verdict
		comment "vmap to drop or reject packets to service nodeports with no endpoints"
		elements = { tcp . 30081 comment "demo/loc:http" : drop }
	}

	map firewall-ips { # handle 31
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "destinations that are subject to LoadBalancerSourceRanges"
		elements = { 203.0.113.7 . tcp . 80 : goto firewall-Z2OEFYZB-demo/loc/tcp/http }
	}

	set affinity-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080 { # handle 32
		type ipv4_addr
		size 65535
		flags dynamic,timeout
		timeout 3h
	}

	set affinity-JOQA25OO-demo/web/tcp/http__10.244.1.9/8080 { # handle 33
		type ipv4_addr
		size 65535
		flags dynamic,timeout
		timeout 3h
	}

	set affinity-G56ZWMYT-demo/web/tcp/http__10.244.2.5/8080 { # handle 34
		type ipv4_addr
		size 65535
		flags dynamic,timeout
		timeout 3h
	}

	chain filter-prerouting { # handle 1
		type filter hook prerouting priority dstnat - 10; policy accept;
		ct state new jump firewall-check # handle 35
	}

	chain filter-input { # handle 2
		type filter hook input priority -110; policy accept;
		ct state new jump nodeport-endpoints-check # handle 36
		ct state new jump service-endpoints-check # handle 37
	}

	chain filter-forward { # handle 3
		type filter hook forward priority -110; policy accept;
		ct state new jump service-endpoints-check # handle 38
		ct state new jump cluster-ips-check # handle 39
	}

	chain filter-output { # handle 4
		type filter hook output priority -110; policy accept;
		ct state new jump service-endpoints-check # handle 40
		ct state new jump firewall-check # handle 41
	}

	chain filter-output-post-dnat { # handle 5
		type filter hook output priority -90; policy accept;
		ct state new jump cluster-ips-check # handle 42
	}

	chain nat-prerouting { # handle 6
		type nat hook prerouting priority dstnat; policy accept;
		jump services # handle 43
	}

	chain nat-output { # handle 7
		type nat hook output priority -100; policy accept;
		jump services # handle 44
	}

	chain nat-postrouting { # handle 8
		type nat hook postrouting priority srcnat; policy accept;
		jump masquerading # handle 45
	}

	chain firewall-check { # handle 9
		ip daddr . meta l4proto . th dport vmap @firewall-ips # handle 46
	}

	chain reject-chain { # handle 10
		reject # handle 47
	}

	chain service-endpoints-check { # handle 11
		ip daddr . meta l4proto . th dport vmap @no-endpoint-services # handle 48
	}

	chain nodeport-endpoints-check { # handle 12
		fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports # handle 49
	}

	chain cluster-ips-check { # handle 13
		ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs" # handle 50
	}

	chain mark-for-masquerade { # handle 14
		meta mark set meta mark | 0x00004000 # handle 51
	}

	chain masquerading { # handle 15
		meta mark & 0x00004000 == 0x00000000 return # handle 52
		meta mark set meta mark ^ 0x00004000 # handle 53
		masquerade fully-random # handle 54
	}

	chain services { # handle 16
		ip daddr . meta l4proto . th dport vmap @service-ips # handle 55
		fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports # handle 56
	}

	chain external-Z2OEFYZB-demo/loc/tcp/http { # handle 17
		ip saddr 10.244.0.0/16 goto service-Z2OEFYZB-demo/loc/tcp/http comment "short-circuit pod traffic" # handle 57
		fib saddr type local jump mark-for-masquerade comment "masquerade local traffic" # handle 58
		fib saddr type local goto service-Z2OEFYZB-demo/loc/tcp/http comment "short-circuit local traffic" # handle 59
	}

	chain firewall-Z2OEFYZB-demo/loc/tcp/http { # handle 18
		ip saddr != 198.51.100.0/24 drop # handle 60
	}

	chain service-Z2OEFYZB-demo/loc/tcp/http { # handle 19
		ip daddr 10.96.0.12 ip saddr != 10.244.0.0/16 jump mark-for-masquerade # handle 61
		numgen random mod 1 vmap { 0 : goto endpoint-IIRGRTBH-demo/loc/tcp/http__10.244.2.6/8080 } # handle 63
	}

	chain endpoint-IIRGRTBH-demo/loc/tcp/http__10.244.2.6/8080 { # handle 20
		ip saddr 10.244.2.6 jump mark-for-masquerade # handle 64
		meta l4proto tcp dnat to 10.244.2.6:8080 # handle 65
	}

	chain external-AXK6CI2C-demo/web/tcp/http { # handle 21
		jump mark-for-masquerade # handle 66
		goto service-AXK6CI2C-demo/web/tcp/http # handle 67
	}

	chain service-AXK6CI2C-demo/web/tcp/http { # handle 22
		ip daddr 10.96.0.10 ip saddr != 10.244.0.0/16 jump mark-for-masquerade # handle 68
		ip saddr @affinity-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080 goto endpoint-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080 # handle 69
		ip saddr @affinity-JOQA25OO-demo/web/tcp/http__10.244.1.9/8080 goto endpoint-JOQA25OO-demo/web/tcp/http__10.244.1.9/8080 # handle 70
		ip saddr @affinity-G56ZWMYT-demo/web/tcp/http__10.244.2.5/8080 goto endpoint-G56ZWMYT-demo/web/tcp/http__10.244.2.5/8080 # handle 71
		numgen random mod 3 vmap { 0 : goto endpoint-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080, 1 : goto endpoint-JOQA25OO-demo/web/tcp/http__10.244.1.9/8080, 2 : goto endpoint-G56ZWMYT-demo/web/tcp/http__10.244.2.5/8080 } # handle 73
	}

	chain endpoint-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080 { # handle 23
		ip saddr 10.244.1.10 jump mark-for-masquerade # handle 74
		update @affinity-2ZIRQRN5-demo/web/tcp/http__10.244.1.10/8080 { ip saddr } # handle 75
		meta l4proto tcp dnat to 10.244.1.10:8080 # handle 76
	}

	chain endpoint-JOQA25OO-demo/web/tcp/http__10.244.1.9/8080 { # handle 24
		ip saddr 10.244.1.9 jump mark-for-masquerade # handle 77
		update @affinity-JOQA25OO-demo/web/tcp/http__10.244.1.9/8080 { ip saddr } # handle 78
		meta l4proto tcp dnat to 10.244.1.9:8080 # handle 79
	}

	chain endpoint-G56ZWMYT-demo/web/tcp/http__10.244.2.5/8080 { # handle 25
		ip saddr 10.244.2.5 jump mark-for-masquerade # handle 80
		update @affinity-G56ZWMYT-demo/web/tcp/http__10.244.2.5/8080 { ip saddr } # handle 81
		meta l4proto tcp dnat to 10.244.2.5:8080 # handle 82
	}
}
""";

    /// <summary>The cluster model the fixture was generated from (node-a, cluster CIDR 10.244.0.0/16).</summary>
    public static ClusterSnapshot Scenario()
    {
        var web = Service("web", "10.96.0.10", Port("http", 80, nodePort: 30080)) with
        {
            Type = "NodePort", SessionAffinity = "ClientIP", ExternalIps = ["192.168.50.100"],
        };
        var empty = Service("empty", "10.96.0.11", Port(null, 80));
        var local = Service("loc", "10.96.0.12", Port("http", 80, nodePort: 30081)) with
        {
            Type = "LoadBalancer", ExternalTrafficPolicy = "Local", LoadBalancerIngressIps = ["203.0.113.7"],
            LoadBalancerSourceRanges = ["198.51.100.0/24"],
        };
        return Snapshot([web, empty, local], [
            Slice("web", [SlicePort("http", 8080)], Endpoint("10.244.1.10"), Endpoint("10.244.1.9"), Endpoint("10.244.2.5", OtherNode)),
            Slice("loc", [SlicePort("http", 8080)], Endpoint("10.244.2.6", OtherNode)),
        ]);
    }

    /// <summary>Line (1-based) of the first line of <paramref name="text"/> that contains <paramref name="fragment"/>.</summary>
    public static int LineOf(string text, string fragment) =>
        text.Split('\n').Select((line, i) => (line, i)).First(x => x.line.Contains(fragment, StringComparison.Ordinal)).i + 1;
}

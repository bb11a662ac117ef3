namespace Companion.Core.Tests.Proxy.Ipvs;

/// <summary>
/// A realistic IPVS-mode node dump WRITTEN FROM THE SPEC (kube-proxy-and-dns-spec.md §C and ipvsadm/ipset output
/// formats), not captured: this kernel has no ip_vs. Node 192.168.49.2, cluster CIDR 10.244.0.0/16.
/// web (10.96.30.40:80 → 3 pods, NodePort 30080), kube-dns (10.96.0.10:53 udp+tcp), sticky (ClientIP affinity),
/// empty (no endpoints), local-np (NodePort 30090, externalTrafficPolicy Local), draining (one weight-0 real server).
/// </summary>
internal static class IpvsFixtures
{
    public const string ListNumeric = """
IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.10:53 rr
  -> 10.244.0.2:53                Masq    1      0          0
  -> 10.244.0.3:53                Masq    1      0          0
TCP  10.96.30.40:80 rr
  -> 10.244.1.10:8080             Masq    1      2          14
  -> 10.244.1.11:8080             Masq    1      1          13
  -> 10.244.2.7:8080              Masq    1      0          15
TCP  10.96.30.41:80 rr persistent 10800
  -> 10.244.1.12:8080             Masq    1      0          3
  -> 10.244.2.8:8080              Masq    1      0          2
TCP  10.96.30.42:80 rr
TCP  10.96.30.43:80 rr
  -> 10.244.1.10:8080             Masq    1      0          0
TCP  10.96.30.44:80 rr
  -> 10.244.1.13:8080             Masq    0      0          4
  -> 10.244.2.9:8080              Masq    1      0          1
TCP  192.168.49.2:30080 rr
  -> 10.244.1.10:8080             Masq    1      0          0
  -> 10.244.1.11:8080             Masq    1      0          0
  -> 10.244.2.7:8080              Masq    1      0          0
TCP  192.168.49.2:30090 rr
  -> 10.244.1.10:8080             Masq    1      0          0
UDP  10.96.0.10:53 rr
  -> 10.244.0.2:53                Masq    1      0          0
  -> 10.244.0.3:53                Masq    1      0          0
""";

    public const string Save = """
-A -t 10.96.30.40:80 -s rr
-a -t 10.96.30.40:80 -r 10.244.1.10:8080 -m -w 1
-a -t 10.96.30.40:80 -r 10.244.1.11:8080 -m -w 1
-a -t 10.96.30.40:80 -r 10.244.2.7:8080 -m -w 1
-A -u 10.96.0.10:53 -s rr
-a -u 10.96.0.10:53 -r 10.244.0.2:53 -m -w 1
-A -t 10.96.30.41:80 -s rr -p 10800
-a -t 10.96.30.41:80 -r 10.244.1.12:8080 -m -w 1
""";

    public const string Ipsets = """
Name: KUBE-CLUSTER-IP
Type: hash:ip,port
Revision: 6
Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x5b3e2a1c
Size in memory: 640
References: 2
Number of entries: 7
Members:
10.96.0.10,tcp:53
10.96.0.10,udp:53
10.96.30.40,tcp:80
10.96.30.41,tcp:80
10.96.30.42,tcp:80
10.96.30.43,tcp:80
10.96.30.44,tcp:80

Name: KUBE-LOOP-BACK
Type: hash:ip,port,ip
Revision: 6
Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1f2e3d4c
Size in memory: 376
References: 1
Number of entries: 2
Members:
10.244.1.10,tcp:8080,10.244.1.10
10.244.1.11,tcp:8080,10.244.1.11

Name: KUBE-NODE-PORT-TCP
Type: bitmap:port
Revision: 3
Header: range 0-65535
Size in memory: 8264
References: 1
Number of entries: 2
Members:
30080
30090

Name: KUBE-NODE-PORT-LOCAL-TCP
Type: bitmap:port
Revision: 3
Header: range 0-65535
Size in memory: 8264
References: 1
Number of entries: 1
Members:
30090
""";

    public const string Glue = """
*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ
-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
COMMIT
*filter
:INPUT ACCEPT [0:0]
:KUBE-IPVS-FILTER - [0:0]
-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable
COMMIT
""";

    public static string Full => ListNumeric + "\n" + Ipsets + "\n" + Glue;
}

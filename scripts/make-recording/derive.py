#!/usr/bin/env python3
"""Derive the API server's view (pods, endpoint slices, status, list wrappers) from kubectl's manifest objects.

Input: the concatenated JSON objects printed by `kubectl annotate --local -f manifests.yaml -o json` (stdin).
Every derived value follows a stated rule, so the output is reproducible and nothing is typed in by hand:
  * ClusterIPs: services without one get 10.96.0.100, .101, ... in (namespace, name) order.
  * Pods: each Deployment replica / DaemonSet node gets a pod, placed round-robin over the nodes sorted by name;
    names follow the controller pattern with suffixes from sha256; pod IPs are the node's podCIDR .2, .3, ...;
    hostNetwork pods get the node's InternalIP. Every pod is Running and Ready with 0 restarts.
  * EndpointSlices: the EndpointSlice controller's rule (selector match, named targetPort resolved on the pod),
    plus the API server's own slice for `kubernetes` (the control-plane node's InternalIP, port 6443).
  * Timestamps: CAPTURED_AT; resourceVersions: a counter; uids: uuid5 of kind/namespace/name.
"""
import hashlib, ipaddress, json, os, sys, uuid

captured = os.environ.get("CAPTURED_AT", "2026-11-30T06:00:00Z")
out = sys.argv[1]
server_version = json.loads(sys.argv[2])["clientVersion"] if len(sys.argv) > 2 else {}

text = sys.stdin.read()
objs, i, dec = [], 0, json.JSONDecoder()
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    o, i = dec.raw_decode(text, i)
    objs.extend(o["items"] if o.get("kind") == "List" else [o])

rv = [1000]
def meta(o, kind):
    m = o.setdefault("metadata", {})
    m.setdefault("namespace", None) if kind != "Node" else None
    if m.get("namespace") is None: m.pop("namespace", None)
    m["uid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}/{m.get('namespace','')}/{m['name']}"))
    rv[0] += 1
    m["resourceVersion"] = str(rv[0])
    m["creationTimestamp"] = captured
    return m

def suffix(seed, n=5):
    alphabet = "bcdfghjklmnpqrstvwxz2456789"  # the apiserver's name-generator alphabet
    h = hashlib.sha256(seed.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in h[:n])

by_kind = {}
for o in objs:
    by_kind.setdefault(o["kind"], []).append(o)
nodes = sorted(by_kind.get("Node", []), key=lambda n: n["metadata"]["name"])
for n in nodes:
    meta(n, "Node")
    n["status"]["conditions"] = [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status",
                                  "lastHeartbeatTime": captured, "lastTransitionTime": captured}]
def node_ip(n): return next(a["address"] for a in n["status"]["addresses"] if a["type"] == "InternalIP")
next_ip = {n["metadata"]["name"]: 2 for n in nodes}

pods = []
def make_pod(owner_kind, owner, name, node, template):
    spec = json.loads(json.dumps(template["spec"]))
    spec["nodeName"] = node["metadata"]["name"]
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("restartPolicy", "Always")
    if spec.get("hostNetwork"):
        ip = node_ip(node)
    else:
        net = ipaddress.ip_network(node["spec"]["podCIDR"])
        ip = str(net.network_address + next_ip[node["metadata"]["name"]])
        next_ip[node["metadata"]["name"]] += 1
    pod = {"metadata": {"name": name, "namespace": owner["metadata"]["namespace"], "labels": dict(template["metadata"].get("labels", {})),
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": owner_kind, "name": owner["metadata"]["name"], "controller": True,
                                             "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{owner_kind}/{owner['metadata']['namespace']}/{owner['metadata']['name']}"))}]},
           "spec": spec}
    meta(pod, "Pod")
    conds = [{"type": t, "status": "True", "lastTransitionTime": captured} for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]
    pod["status"] = {"phase": "Running", "conditions": conds, "hostIP": node_ip(node), "hostIPs": [{"ip": node_ip(node)}],
                     "podIP": ip, "podIPs": [{"ip": ip}], "startTime": captured, "qosClass": "BestEffort",
                     "containerStatuses": [{"name": c["name"], "image": c["image"], "imageID": "", "ready": True, "started": True, "restartCount": 0,
                                            "state": {"running": {"startedAt": captured}}} for c in spec["containers"]]}
    pods.append(pod)

for d in sorted(by_kind.get("Deployment", []), key=lambda d: (d["metadata"]["namespace"], d["metadata"]["name"])):
    meta(d, "Deployment")
    tmpl = d["spec"]["template"]
    h = suffix(json.dumps(tmpl, sort_keys=True), 10)
    tmpl["metadata"].setdefault("labels", {})["pod-template-hash"] = h
    replicas = d["spec"].get("replicas", 1)
    for r in range(replicas):
        make_pod("ReplicaSet", {"metadata": {"name": f"{d['metadata']['name']}-{h}", "namespace": d["metadata"]["namespace"]}},
                 f"{d['metadata']['name']}-{h}-{suffix(d['metadata']['name'] + str(r))}", nodes[r % len(nodes)], tmpl)
    d["status"] = {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas, "updatedReplicas": replicas, "observedGeneration": 1}
for ds in by_kind.get("DaemonSet", []):
    meta(ds, "DaemonSet")
    for n in nodes:
        make_pod("DaemonSet", ds, f"{ds['metadata']['name']}-{suffix(ds['metadata']['name'] + n['metadata']['name'])}", n, ds["spec"]["template"])
    ds["status"] = {"currentNumberScheduled": len(nodes), "desiredNumberScheduled": len(nodes), "numberReady": len(nodes), "numberMisscheduled": 0}

services = sorted(by_kind.get("Service", []), key=lambda s: (s["metadata"]["namespace"], s["metadata"]["name"]))
next_svc = 100
for s in services:
    meta(s, "Service")
    spec = s["spec"]
    if "clusterIP" not in spec:
        spec["clusterIP"] = str(ipaddress.ip_address("10.96.0.0") + next_svc)
        next_svc += 1
    spec["clusterIPs"] = [spec["clusterIP"]]
    spec.setdefault("type", "ClusterIP")
    spec.setdefault("sessionAffinity", "None")
    spec.setdefault("internalTrafficPolicy", "Cluster")
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    for p in spec["ports"]:
        p.setdefault("protocol", "TCP")
        p.setdefault("targetPort", p["port"])
    s["status"] = {"loadBalancer": {}}

node_by_name = {n["metadata"]["name"]: n for n in nodes}
slices = []
for s in services:
    ns, name = s["metadata"]["namespace"], s["metadata"]["name"]
    ports, endpoints = [], []
    if "selector" in s["spec"]:
        sel = s["spec"]["selector"]
        members = [p for p in pods if p["metadata"]["namespace"] == ns and all(p["metadata"]["labels"].get(k) == v for k, v in sel.items())]
        for sp in s["spec"]["ports"]:
            tp = sp["targetPort"]
            if isinstance(tp, str):
                tp = next((cp["containerPort"] for p in members for c in p["spec"]["containers"] for cp in c.get("ports", []) if cp.get("name") == tp), None)
            ports.append({"name": sp.get("name", ""), "port": tp, "protocol": sp["protocol"]})
        for p in members:
            node = node_by_name[p["spec"]["nodeName"]]
            endpoints.append({"addresses": [p["status"]["podIP"]], "conditions": {"ready": True, "serving": True, "terminating": False},
                              "nodeName": node["metadata"]["name"], "zone": node["metadata"]["labels"].get("topology.kubernetes.io/zone"),
                              "targetRef": {"kind": "Pod", "namespace": ns, "name": p["metadata"]["name"], "uid": p["metadata"]["uid"]}})
        slice_name = f"{name}-{suffix('slice/' + ns + '/' + name)}"
        labels = {"kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}
    elif ns == "default" and name == "kubernetes":
        cp = next(n for n in nodes if "node-role.kubernetes.io/control-plane" in n["metadata"]["labels"])
        ports = [{"name": "https", "port": 6443, "protocol": "TCP"}]
        endpoints = [{"addresses": [node_ip(cp)], "conditions": {"ready": True}}]
        slice_name = "kubernetes"
        labels = {"kubernetes.io/service-name": name, "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io"}
    else:
        continue
    sl = {"metadata": {"name": slice_name, "namespace": ns, "labels": labels}, "addressType": "IPv4", "endpoints": endpoints, "ports": ports}
    meta(sl, "EndpointSlice")
    slices.append(sl)

for c in by_kind.get("ConfigMap", []):
    meta(c, "ConfigMap")

def write(file, kind, api, items):
    items = sorted(items, key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
    for o in items:
        o.pop("kind", None); o.pop("apiVersion", None)
        o["metadata"].get("annotations", {}).pop("kubectl.kubernetes.io/last-applied-configuration", None)
    rv[0] += 1
    doc = {"kind": kind, "apiVersion": api, "metadata": {"resourceVersion": str(rv[0])}, "items": items}
    with open(os.path.join(out, file), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

write("nodes.json", "NodeList", "v1", nodes)
write("pods.json", "PodList", "v1", pods)
write("services.json", "ServiceList", "v1", services)
write("endpointslices.json", "EndpointSliceList", "discovery.k8s.io/v1", slices)
write("kube-system-configmaps.json", "ConfigMapList", "v1", [c for c in by_kind.get("ConfigMap", []) if c["metadata"]["namespace"] == "kube-system"])
write("kube-system-daemonsets.json", "DaemonSetList", "apps/v1", [d for d in by_kind.get("DaemonSet", []) if d["metadata"]["namespace"] == "kube-system"])
version = {k: server_version.get(k, "") for k in ("major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform")}
with open(os.path.join(out, "version.json"), "w") as f:
    json.dump(version, f, indent=2)
    f.write("\n")
mode = next((line.split(":", 1)[1].strip() for c in by_kind.get("ConfigMap", []) if c["metadata"]["name"] == "kube-proxy"
             for line in c["data"]["config.conf"].splitlines() if line.startswith("mode:")), "")
print(json.dumps({"serverVersion": version["gitVersion"], "kubeProxyMode": mode or "iptables"}))

#!/usr/bin/env python3
"""Builds artifacts/bench/report.md from what scripts/bench.sh left in artifacts/bench (results.jsonl, work/, bdn/).
Ratios only compare figures measured in the same run. Writes CSVs next to the report. Asserts nothing."""
import csv, glob, json, os, statistics, struct, sys

out = sys.argv[1]
work = os.path.join(out, "work")
rows = [json.loads(l) for l in open(os.path.join(out, "results.jsonl")) if l.strip()]
md = []
p = md.append


def pct(xs, q):
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = (len(s) - 1) * q / 100.0
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def f(v, d=2):
    return "n/a" if v is None or v != v else f"{v:,.{d}f}"


m = next((r for r in rows if r["kind"] == "machine"), {})
end = next((r for r in rows if r["kind"] == "machine-end"), {})
p("# Benchmark report" + (" (SMOKE: tiny sizes, dry job; figures are meaningless)" if m.get("smoke") else ""))
p("")
p(f"Machine: {m.get('cpu')} × {m.get('cores')} cores, {m.get('memGiB')} GiB, Linux {m.get('kernel')}, .NET SDK {m.get('dotnet')}; "
  f"{m.get('date')}. Load average at start {m.get('loadStart')}, at end {end.get('loadEnd')} (shared machine: other builds ran during this run).")
p("Every ratio compares two figures measured in this run. No duration is asserted anywhere.")
p("")

# 1. rules
rules = [r for r in rows if r["kind"] == "rules"]
if rules:
    p("## 1. Rule-set parse and trace (generator → kernel → printed back)")
    p("")
    p("`grep` = wall time of `grep -cF <last ClusterIP> file` spawned from the harness (the I/O floor, fork+exec included). "
      "`read+parse+trace` = File.ReadAllText + parse + trace to the last Service, in-process, warm (medians; first cold run separate).")
    p("")
    p("| format | Services | printed by | lines | KiB | grep ms | read+parse+trace ms | ratio to grep | parse ms | 1 trace ms | 1,000 traces ms | cold first ms | parse alloc MiB | peak WS MiB | last svc endpoints | resolved /1000 | load |")
    p("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rules:
        p(f"| {r['format']} | {r['services']:,} | {r.get('printedBy','')} | {r['lines']:,} | {r['bytes']/1024:,.0f} | {f(r['grepMs'])} | {f(r['readParseTraceMs'])} | "
          f"{f(r['ratioToGrep'])}× | {f(r['parseMs'])} | {f(r['oneTraceMs'])} | {f(r['thousandTracesMs'])} | {f(r['coldFirstReadParseTraceMs'])} | "
          f"{f(r['parseAllocatedMiB'])} | {f(r['peakWorkingSetMiB'],0)} | {r['lastServiceTargets']} | {r['resolvedOfThousand']} | {r['loadAverage']} |")
    p("")
    for r in rules:
        if r["services"] == 10000:
            ok = "meets" if r["readParseTraceMs"] < 100 and r["ratioToGrep"] <= 3 else "MISSES"
            p(f"- Target (10k, {r['format']}): read+parse+trace {f(r['readParseTraceMs'])} ms vs 100 ms, {f(r['ratioToGrep'])}× grep vs 3× → {ok} the target in this run.")
    p("")
    with open(os.path.join(out, "rules.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[k for k in rules[0] if not k.endswith("RawMs")], extrasaction="ignore")
        w.writeheader(); w.writerows(rules)

# 2. DNS
probes = sorted(glob.glob(os.path.join(work, "probe-c*-r*.json")))
if probes:
    p("## 2. DNS: `companion dns probe` vs `dnsperf`, same dnsmasq on 127.0.0.1, equal concurrency")
    p("")
    p("One name, type A, fully qualified (one wire query per lookup). dnsperf `-q C -c 1 -v` (C outstanding queries); "
      "the probe `--concurrency C`. Reps alternate dnsperf → probe.")
    p("")
    p("| C | rep | dnsperf qps | probe qps | qps ratio | dnsperf p50 / p99 ms | probe p50 / p99 ms | p50 ratio | p99 ratio | probe outcomes |")
    p("|---|---|---|---|---|---|---|---|---|---|")
    dcsv = []
    for pf in probes:
        tag = os.path.basename(pf)[len("probe-"):-len(".json")]
        c, rep = tag.split("-")
        try:
            pj = json.load(open(pf))
        except Exception as e:  # noqa: BLE001
            p(f"| {c[1:]} | {rep[1:]} | probe output unreadable: {e} |"); continue
        s = pj.get("summary", {})
        lat, qps = [], float("nan")
        dp = os.path.join(work, f"dnsperf-{tag}.txt")
        for line in open(dp):
            if line.startswith("> "):
                lat.append(float(line.split()[-1]) * 1000)
            elif "Queries per second:" in line:
                qps = float(line.split(":")[1])
        d50, d99 = pct(lat, 50), pct(lat, 99)
        row = dict(concurrency=c[1:], rep=rep[1:], dnsperfQps=qps, probeQps=s.get("qps"), dnsperfP50Ms=d50, dnsperfP99Ms=d99,
                   probeP50Ms=s.get("p50Ms"), probeP99Ms=s.get("p99Ms"), probeMaxMs=s.get("maxMs"), outcomes=json.dumps(s.get("outcomes")))
        dcsv.append(row)
        p(f"| {c[1:]} | {rep[1:]} | {f(qps,0)} | {f(s.get('qps'),0)} | {f(s.get('qps',0)/qps)}× | {f(d50,3)} / {f(d99,3)} | "
          f"{f(s.get('p50Ms'),3)} / {f(s.get('p99Ms'),3)} | {f(s.get('p50Ms',0)/d50)}× | {f(s.get('p99Ms',0)/d99)}× | {s.get('outcomes')} |")
    p("")
    p("Target: qps ratio ≥ 0.8×, p50 and p99 ratios within 0.9–1.1×.")
    p("")
    with open(os.path.join(out, "dns.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(dcsv[0])); w.writeheader(); w.writerows(dcsv)

pcap = os.path.join(work, "wire.pcap")
if os.path.exists(pcap) and os.path.exists(os.path.join(work, "probe-wire.json")):
    data = open(pcap, "rb").read()
    link = struct.unpack("<I", data[20:24])[0]
    off, queries, wire = 24, {}, []
    while off + 16 <= len(data):
        ts, tu, incl, _ = struct.unpack("<IIII", data[off:off + 16])
        pkt = data[off + 16: off + 16 + incl]
        off += 16 + incl
        l2 = 14 if link == 1 else (16 if link == 113 else 0)
        ip = pkt[l2:]
        if len(ip) < 28 or ip[0] >> 4 != 4:
            continue
        ihl = (ip[0] & 15) * 4
        sport, dport = struct.unpack(">HH", ip[ihl:ihl + 4])
        dns = ip[ihl + 8:]
        if len(dns) < 4:
            continue
        qid, flags = struct.unpack(">HH", dns[:4])
        t = ts + tu / 1e6
        if flags & 0x8000 == 0:
            queries[(qid, sport)] = t
        elif (qid, dport) in queries:
            wire.append((t - queries.pop((qid, dport))) * 1000)
    probe = [x["totalMs"] for x in (json.load(open(os.path.join(work, "probe-wire.json"))).get("samples") or [])]
    if wire and probe:
        p("### Probe overhead vs the wire (tcpdump on lo, concurrency 1)")
        p("")
        p("| | n | p50 ms | p99 ms | mean ms |")
        p("|---|---|---|---|---|")
        p(f"| wire (query → response, tcpdump) | {len(wire)} | {f(pct(wire,50),3)} | {f(pct(wire,99),3)} | {f(statistics.mean(wire),3)} |")
        p(f"| probe's own timing | {len(probe)} | {f(pct(probe,50),3)} | {f(pct(probe,99),3)} | {f(statistics.mean(probe),3)} |")
        p("")
        p(f"Probe overhead per query (median probe − median wire): {f((pct(probe,50)-pct(wire,50))*1000,0)} µs; "
          f"mean: {f((statistics.mean(probe)-statistics.mean(wire))*1000,0)} µs.")
        p("")

# 3. notebook
nb = [r for r in rows if r["kind"] == "notebook"]
if nb:
    p("## 3. Notebook host (dotnet-interactive under Jupyter, nbconvert)")
    p("")
    p("Cells: `1 + 1` (C# kernel warm-up), `#!import load-companion.dib` (`#i` local feed + `#r nuget:Companion.Interactive`), "
      "`#!dns plan` (first magic), `#!dns plan` again. Cell times from the executed notebook's metadata (execute_input → execute_reply). "
      "Each run is a fresh kernel process; the package is in the NuGet cache from run 1 on (run 1 is cold only if this version was never restored).")
    p("")
    p("| run | nbconvert start → first cell ms | `1 + 1` ms | `#r` (import) ms | first magic ms | second magic ms | nbconvert wall ms | errors |")
    p("|---|---|---|---|---|---|---|---|")
    for r in nb:
        p(f"| {r['run']} | {f(r.get('kernelToFirstCellMs'),0)} | {f(r.get('firstCellMs'),0)} | {f(r.get('loadMs'),0)} | {f(r.get('firstMagicMs'),0)} | "
          f"{f(r.get('secondMagicMs'),0)} | {f(r.get('wallMs'),0)} | {r.get('errors')} |")
    p("")

# 4. formatters
fm = [r for r in rows if r["kind"] == "formatter"]
if fm:
    p("## 4. Formatters")
    p("")
    p("| what | first call ms | median ms | min ms | HTML KiB |")
    p("|---|---|---|---|---|")
    for r in fm:
        p(f"| {r['name']} | {f(r['firstMs'])} | {f(r['medianMs'])} | {f(r['minMs'])} | {r['htmlBytes']/1024:,.1f} |")
    p("")
    for r in fm:
        if r["name"].startswith("pod table") and "all rows" in r["name"]:
            ok = "meets" if r["medianMs"] < 100 and r["htmlBytes"] < 1_000_000 else "MISSES"
            p(f"- Target (pod table): {f(r['medianMs'])} ms vs 100 ms, {r['htmlBytes']:,} bytes vs 1,000,000 → {ok}.")
    p("")

bdn = sorted(glob.glob(os.path.join(out, "bdn", "results", "*-report-github.md")))
if bdn:
    p("## BenchmarkDotNet (in-process toolchain, memory diagnoser)")
    p("")
    for b in bdn:
        p("".join(l for l in open(b) if not l.startswith("```")))
        p("")

# 5. lab
lab = sorted(glob.glob(os.path.join(work, "lab-scale-*.json")))
points = []
for lf in lab:
    try:
        points += json.load(open(lf))
    except Exception:  # noqa: BLE001
        pass
if lab:
    p("## 5. Lab scale experiment (connect latency vs Services; first vs last rule)")
    p("")
    if points:
        p("| mode | Services loaded | rule | n | failed | p50 µs | p99 µs | max µs | |")
        p("|---|---|---|---|---|---|---|---|---|")
        top = max(pt["summary"]["p50Ms"] for pt in points) or 1
        for pt in points:
            s = pt["summary"]
            p(f"| {pt['mode']} | {pt['services']:,} | {pt['position']} | {s['count']} | {pt['failed']} | {s['p50Ms']*1000:,.0f} | {s['p99Ms']*1000:,.0f} | "
              f"{s['maxMs']*1000:,.0f} | `{'█' * max(1, round(30 * s['p50Ms'] / top))}` |")
        p("")
        p("Bars: p50, scaled to the largest p50. Raw per-connect samples: not available — `companion lab scale --json` emits summaries only.")
        with open(os.path.join(out, "lab-scale.csv"), "w", newline="") as fh:
            w = csv.writer(fh); w.writerow(["mode", "services", "position", "count", "failed", "p50Ms", "p99Ms", "maxMs"])
            for pt in points:
                s = pt["summary"]; w.writerow([pt["mode"], pt["services"], pt["position"], s["count"], pt["failed"], s["p50Ms"], s["p99Ms"], s["maxMs"]])
    else:
        p("No points: see artifacts/bench/work/lab-scale-*.log.")
    p("")

print("\n".join(md))

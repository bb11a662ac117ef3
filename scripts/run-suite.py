#!/usr/bin/python3
"""The notebook suite "after warm-up": what a speaker has done before the talk, then every chapter at once, then the checks.

usage: scripts/run-suite.py [--source lab|recording] [--jobs N] [--lab-base NAME] [--timing FILE] [NOTEBOOK...]
Started by `scripts/run-notebooks.sh --warm` (which prepares the kernel spec and JUPYTER_PATH); needs /usr/bin/python3
with the Debian packages python3-nbclient and jupyter-client. Three phases, each timed and reported:
  1. warm-up: one dotnet-interactive kernel per notebook (the kernel spec run-notebooks.sh uses, each with its own HTTP
     port range), each notebook's import cell (`#!import load-companion.dib`), and on the lab a lab per notebook that
     uses one (COMPANION_LAB = <base>w<index>), brought up by the extension's own ChapterSession.OpenAsync in that kernel.
     These are not notebook cells: nothing of them lands in the saved notebook except the import cell's own output.
  2. timed: every other cell of every notebook, in order within a notebook, the notebooks concurrently (--jobs, default
     all). This is "the suite after warm-up".
  3. after: labs this runner brought up taken down, kernels shut down, then run-notebooks.sh's checks per notebook
     (scripts/notebook_checks.py), the source notebooks saved without outputs, the HTML export (nbconvert, the offline
     template) and the Chromium chart check (scripts/check-html-charts.py).
Writes artifacts/notebooks/NAME.ipynb, NAME.timing.json, suite.timing.json and artifacts/html/NAME.html. Exit 1 on any
failed check. Every wait is bounded (kernel start 120 s, a cell 600 s, the export and the chart check 300 s).
"""
import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import warnings
from datetime import datetime

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.util import ensure_async

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import notebook_checks  # noqa: E402

warnings.filterwarnings("ignore", message=".*missing an id field")  # the notebooks are nbformat 4.4 (no cell ids)
KERNEL = ".net-csharp"
CELL_TIMEOUT = 600


def now():
    return time.monotonic()


def ms(a, b):
    return round((b - a) * 1000)


def machine_busy_s():
    """CPU seconds every process on the machine has used so far (/proc/stat: all but idle and iowait)."""
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid):
    """CPU seconds of one process and its waited-for children (utime + stime + cutime + cstime), 0 if it is gone."""
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in f[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def cpu_by_command():
    """CPU seconds per command name of every live process (utime + stime; children are counted when they end)."""
    out = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                raw = open(f"/proc/{pid}/stat").read()
                comm, rest = raw[raw.index("(") + 1:raw.rindex(")")], raw.rsplit(")", 1)[1].split()
                out[(pid, comm)] = (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, ValueError, IndexError):
                pass
    return out


def uses_lab(nb):
    text = "\n".join("".join(c.source) for c in nb.cells if c.cell_type == "code")
    return "OpenLabAsync" in text or "ChapterSession.OpenAsync" in text


class Run:
    """One notebook: its kernel, its client and its timings."""

    def __init__(self, index, path, source, lab):
        self.index, self.path, self.source, self.lab = index, path, source, lab
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.nb = nbformat.read(path, as_version=4)
        self.import_index = next((i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"), None)
        self.t = {}
        self.problems = []
        self.lab_brought_up = False
        self.extra_labs = []
        self.cell_cpu = {}
        self.client = None

    def kernel_manager(self):
        km = AsyncKernelManager(kernel_name=KERNEL)
        argv = km.kernel_spec.argv
        if "--http-port-range" in argv:  # two kernels starting at once pick the same first free port of one range
            first = 2048 + 100 * self.index
            argv[argv.index("--http-port-range") + 1] = f"{first}-{first + 99}"
        return km

    async def hidden(self, source, what, timeout=CELL_TIMEOUT):
        """Runs code in this kernel outside the notebook (not saved, no history); returns its result (every mime) or raises."""
        kc = self.client.kc
        msg_id = kc.execute(source, store_history=False, allow_stdin=False)
        deadline = now() + timeout
        result, error = "", None
        while True:
            msg = await kc.get_iopub_msg(timeout=max(0.1, deadline - now()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_result":
                result += " ".join(str(v) for v in content.get("data", {}).values())
            elif kind == "error":
                error = f"{content.get('ename')}: {content.get('evalue', '')[:300]}"
            elif kind == "stream" and content.get("name") == "stderr" and "error" in content.get("text", ""):
                error = error or content["text"][:300]
            elif kind == "status" and content.get("execution_state") == "idle":
                break
        while True:
            reply = await kc.get_shell_msg(timeout=max(0.1, deadline - now()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if error or reply["content"].get("status") != "ok":
            raise RuntimeError(f"{self.name}: {what} failed: {error or reply['content'].get('status')}")
        return result

    async def warm_up(self):
        self.t["start"] = now()
        env = dict(os.environ, COMPANION_SOURCE=self.source)
        if self.lab:
            env["COMPANION_LAB"] = self.lab
        self.client = NotebookClient(self.nb, km=self.kernel_manager(), timeout=CELL_TIMEOUT, allow_errors=True,
                                     record_timing=True, startup_timeout=120, kernel_name=KERNEL,
                                     resources={"metadata": {"path": os.path.dirname(os.path.abspath(self.path))}})
        self.client.reset_execution_trackers()
        # The kernel's own log (ASP.NET host lines) goes to NAME.log, as nbconvert's did.
        self.log = open(os.path.join(ROOT, "artifacts", "notebooks", self.name + ".log"), "w")
        await self.client.async_start_new_kernel(env=env, cwd=os.path.dirname(os.path.abspath(self.path)), stdout=self.log, stderr=self.log)
        await self.client.async_start_new_kernel_client()
        info = await self.client.async_wait_for_reply(await ensure_async(self.client.kc.kernel_info()))
        if info is not None and "language_info" in info["content"]:
            self.nb.metadata["language_info"] = info["content"]["language_info"]
        self.t["kernel"] = now()
        if self.import_index is not None:
            await self.client.async_execute_cell(self.nb.cells[self.import_index], self.import_index, execution_count=self.client.code_cells_executed + 1)
        self.t["import"] = now()
        if self.lab:
            line = await self.hidden(
                "var companionSuiteWarmUp = await Companion.Lab.Chapters.ChapterSession.OpenAsync(Companion.Lab.Chapters.ChapterHelpers.Within(300));\n"
                "companionSuiteWarmUp.LabWasUp ? \"lab-was-up\" : \"lab-brought-up\"", "lab up")
            self.lab_brought_up = "lab-brought-up" in line
            # A second lab the chapter compares against (notebook metadata companion.warmUpLabs): up before the talk too.
            for k, extra in enumerate(self.nb.metadata.get("companion", {}).get("warmUpLabs", [])):
                name, mode = self.lab + extra["suffix"], "Nftables" if extra.get("proxyMode") == "nftables" else "Iptables"
                line = await self.hidden(
                    f'var companionSuiteExtra{k} = (await companionSuiteWarmUp.Labs.StatusAsync("{name}", Companion.Lab.Chapters.ChapterHelpers.Within(30))).Up;\n'
                    f'if (!companionSuiteExtra{k}) {{ await companionSuiteWarmUp.Labs.UpAsync(new Companion.Lab.LabUpOptions("{name}", Companion.Lab.LabDefaultModel.Json(), '
                    f'"the default lab model", Companion.Core.Model.ProxyMode.{mode}), null, Companion.Lab.Chapters.ChapterHelpers.Within(300)); }}\n'
                    f'companionSuiteExtra{k} ? "lab-was-up" : "lab-brought-up"', f"lab up {name}")
                if "lab-brought-up" in line:
                    self.extra_labs.append(name)
        self.t["lab"] = now()

    def kernel_cpu_s(self):
        proc = getattr(getattr(self.client.km, "provisioner", None), "process", None) if self.client and self.client.km else None
        return process_cpu_s(proc.pid) if proc is not None else 0.0

    async def timed(self):
        self.cpu0 = self.kernel_cpu_s()
        self.t["cells0"] = now()
        for i, cell in enumerate(self.nb.cells):
            if i == self.import_index:
                continue
            c0 = self.kernel_cpu_s()
            await self.client.async_execute_cell(cell, i, execution_count=self.client.code_cells_executed + 1)
            if cell.cell_type == "code":
                self.cell_cpu[i] = round((self.kernel_cpu_s() - c0) * 1000)
        self.t["cells1"] = now()
        self.cpu1 = self.kernel_cpu_s()

    async def close(self):
        self.t["close0"] = now()
        try:
            for name in self.extra_labs:
                await self.hidden(f'await companionSuiteWarmUp.Labs.DownAsync("{name}", null, Companion.Lab.Chapters.ChapterHelpers.Within(120))', f"lab down {name}")
            if self.lab and self.lab_brought_up:
                await self.hidden("await companionSuiteWarmUp.Labs.DownAsync(companionSuiteWarmUp.LabName, null, "
                                  "Companion.Lab.Chapters.ChapterHelpers.Within(120))", "lab down")
        finally:
            self.t["labDown"] = now()
            await self.client._async_cleanup_kernel()
            self.log.close()
            self.t["close1"] = now()

    def cell_spans(self):
        def ts(s):
            return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
        spans = []
        for i, c in enumerate(self.nb.cells):
            m = c.get("metadata", {}).get("execution", {})
            if i != self.import_index and "iopub.execute_input" in m and "shell.execute_reply" in m:
                spans.append((i, ms(ts(m["iopub.execute_input"]), ts(m["shell.execute_reply"]))))
        return spans


async def gather_bounded(limit, coros):
    sem = asyncio.Semaphore(limit)

    async def one(c):
        async with sem:
            return await c
    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", choices=["lab", "recording"], default="lab" if os.geteuid() == 0 else "recording")
    ap.add_argument("--jobs", type=int, default=0, help="notebooks at once in the timed phase (default: all)")
    ap.add_argument("--lab-base", default=os.environ.get("COMPANION_LAB") or f"su{os.getpid() % 10000}")
    ap.add_argument("--timing", default=os.path.join(ROOT, "artifacts", "notebooks", "suite.timing.json"))
    ap.add_argument("notebooks", nargs="*")
    a = ap.parse_args()
    paths = a.notebooks or sorted(os.path.join(ROOT, "notebooks", f) for f in os.listdir(os.path.join(ROOT, "notebooks"))
                                  if f[:1].isdigit() and f.endswith(".ipynb"))
    out, html = os.path.join(ROOT, "artifacts", "notebooks"), os.path.join(ROOT, "artifacts", "html")
    os.makedirs(out, exist_ok=True)
    os.makedirs(html, exist_ok=True)
    base = a.lab_base[:7]
    runs = []
    for i, p in enumerate(paths, 1):
        r = Run(i, p, a.source, None)
        if a.source == "lab" and uses_lab(r.nb):
            r.lab = f"{base}w{i}"  # lab names: at most 12 characters, and chapters append "nft" or "-nft"
        runs.append(r)
    jobs = a.jobs if a.jobs > 0 else len(runs)
    failed = []

    t0 = now()
    print(f"run-suite: warm-up: {len(runs)} kernels, import cells" + (f", {sum(1 for r in runs if r.lab)} labs" if a.source == "lab" else ""), flush=True)
    warm = await asyncio.gather(*(r.warm_up() for r in runs), return_exceptions=True)
    t1 = now()
    live = []
    for r, e in zip(runs, warm):
        if isinstance(e, BaseException):
            failed.append(f"{r.name}: warm-up: {e!r}"[:400])
            for name in ([r.lab] if r.lab and not r.lab_brought_up else []) + [r.lab + x.get("suffix", "") for x in r.nb.metadata.get("companion", {}).get("warmUpLabs", []) if r.lab]:
                failed.append(f"{r.name}: lab {name} may be left up by the failed warm-up: `companion lab down --name {name}`")
        else:
            live.append(r)
    print(f"run-suite: timed phase: {len(live)} notebooks, {min(jobs, len(live))} at once", flush=True)
    busy0 = machine_busy_s()
    per_cmd0 = cpu_by_command() if os.environ.get("COMPANION_SUITE_CPU") else None
    # With fewer slots than notebooks, the longest first (by the last run's cellsMs in NAME.timing.json, if any).
    def last_cells_ms(r):
        try:
            return json.load(open(os.path.join(out, r.name + ".timing.json"))).get("cellsMs", 0)
        except (OSError, ValueError):
            return 0
    order = sorted(live, key=last_cells_ms, reverse=True) if jobs < len(live) else live
    timed = dict(zip([id(r) for r in order], await gather_bounded(jobs, [r.timed() for r in order])))
    timed = [timed[id(r)] for r in live]
    t2 = now()
    busy = machine_busy_s() - busy0
    if per_cmd0 is not None:  # COMPANION_SUITE_CPU=1: who used the CPU in the timed phase (processes alive at its end)
        totals = {}
        for key, v in cpu_by_command().items():
            totals[key[1]] = totals.get(key[1], 0) + v - per_cmd0.get(key, 0)
        print("run-suite: timed-phase CPU by command (s):", ", ".join(f"{k} {v:.1f}" for k, v in sorted(totals.items(), key=lambda x: -x[1])[:12]), flush=True)
    for r, e in zip(live, timed):
        if isinstance(e, BaseException):
            failed.append(f"{r.name}: {e!r}"[:400])
    closed = await asyncio.gather(*(r.close() for r in runs if r.client is not None), return_exceptions=True)
    for e in closed:
        if isinstance(e, BaseException):
            failed.append(f"close: {e!r}"[:400])
    t3 = now()

    # The checks run-notebooks.sh makes, then the HTML export and the chart check.
    for r in runs:
        r.out = os.path.join(out, r.name + ".ipynb")
        nbformat.write(r.nb, r.out)
        if not notebook_checks.check(r.out):
            failed.append(f"{r.name}: checks failed")
    for r in runs:
        saved = nbformat.read(r.path, as_version=4)
        if any(c.get("outputs") for c in saved.cells):
            failed.append(f"{r.path}: the saved notebook carries outputs (notebooks are committed without them)")
    t4 = now()
    # The HTML export in this process: nbconvert's HTMLExporter with run-notebooks.sh's template (the same bytes as
    # `jupyter nbconvert --to html --template-file ...`, without a Python start per notebook).
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(template_file=os.path.join(ROOT, "scripts", "run-notebooks.offline.html.j2"))
    for r in runs:
        try:
            body, _ = exporter.from_filename(r.out)
            with open(os.path.join(html, r.name + ".html"), "w", encoding="utf-8") as f:
                f.write(body)
        except Exception as e:  # noqa: BLE001 - any exporter failure is this notebook's failed check
            failed.append(f"{r.name}: HTML export failed: {e!r}"[:400])
    t5 = now()
    # The Chromium chart check, one file per check-html-charts.py run, three at a time (each is one headless Chromium).
    async def chart_check(r):
        p = await asyncio.create_subprocess_exec(sys.executable, os.path.join(ROOT, "scripts", "check-html-charts.py"), "--min-charts", "0",
                                                 os.path.join(html, r.name + ".html"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            text, _ = await asyncio.wait_for(p.communicate(), 300)
        except asyncio.TimeoutError:
            p.kill()
            await p.wait()
            failed.append(f"{r.name}: chart check timed out")
            return
        print(text.decode().strip(), flush=True)
        if p.returncode != 0:
            failed.append(f"{r.name}: chart check failed")
    await gather_bounded(3, [chart_check(r) for r in runs])
    t6 = now()

    per = []
    for r in runs:
        spans = r.cell_spans()
        d = {"name": r.name + ".ipynb", "source": a.source, "lab": r.lab, "ok": not any(f.startswith(r.name) for f in failed)}
        if "lab" in r.t:
            d |= {"kernelStartMs": ms(r.t["start"], r.t["kernel"]), "importCellMs": ms(r.t["kernel"], r.t["import"]),
                  "labUpMs": ms(r.t["import"], r.t["lab"])}
        if "cells1" in r.t:
            d |= {"cellsMs": ms(r.t["cells0"], r.t["cells1"]), "cellSumMs": sum(s for _, s in spans),
                  "kernelCpuMs": round((r.cpu1 - r.cpu0) * 1000), "cellCpuMs": r.cell_cpu,
                  "slowestCellMs": max((s for _, s in spans), default=0),
                  "slowestCell": max(spans, key=lambda x: x[1], default=(None, 0))[0]}
        if "close1" in r.t:
            d |= {"labDownMs": ms(r.t["close0"], r.t["labDown"]), "shutdownMs": ms(r.t["labDown"], r.t["close1"])}
        per.append(d)
        with open(os.path.join(out, r.name + ".timing.json"), "w") as f:
            json.dump(d, f)
    suite = {"kind": "suite-warm", "source": a.source, "notebooks": len(runs), "jobs": jobs, "ok": not failed,
             "warmUpMs": ms(t0, t1), "timedMs": ms(t1, t2),
             "timedMachineCpuMs": round(busy * 1000), "timedKernelsCpuMs": sum(d.get("kernelCpuMs", 0) for d in per), "closeMs": ms(t2, t3), "checksMs": ms(t3, t4),
             "htmlMs": ms(t4, t5), "chartCheckMs": ms(t5, t6), "wallMs": ms(t0, t6),
             "load": open("/proc/loadavg").read().split()[:3], "notebookTimings": per}
    with open(a.timing, "w") as f:
        json.dump(suite, f, indent=1)
    for d in per:
        print(f"run-suite: {d['name']}: kernel {d.get('kernelStartMs', 0) / 1000:.1f} s, import {d.get('importCellMs', 0) / 1000:.1f} s, "
              f"lab up {d.get('labUpMs', 0) / 1000:.1f} s | cells {d.get('cellsMs', 0) / 1000:.1f} s, kernel CPU {d.get('kernelCpuMs', 0) / 1000:.1f} s (slowest: cell {d.get('slowestCell')} "
              f"{d.get('slowestCellMs', 0) / 1000:.1f} s; most CPU: "
              + ", ".join(f"cell {k} {v / 1000:.1f} s" for k, v in sorted(d.get("cellCpuMs", {}).items(), key=lambda x: -x[1])[:3]) + f") | lab down {d.get('labDownMs', 0) / 1000:.1f} s, shutdown {d.get('shutdownMs', 0) / 1000:.1f} s")
    print(f"run-suite: warm-up {ms(t0, t1) / 1000:.1f} s | TIMED (after warm-up) {ms(t1, t2) / 1000:.1f} s (machine CPU {busy:.0f} s, kernels {suite['timedKernelsCpuMs'] / 1000:.0f} s) | lab down + kernel shutdown "
          f"{ms(t2, t3) / 1000:.1f} s | checks {ms(t3, t4) / 1000:.1f} s | HTML {ms(t4, t5) / 1000:.1f} s | chart check {ms(t5, t6) / 1000:.1f} s "
          f"| whole {ms(t0, t6) / 1000:.1f} s (load {' '.join(suite['load'])}, source {a.source})")
    for f in failed:
        print(f"run-suite: FAILED {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

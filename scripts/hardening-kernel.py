#!/usr/bin/python3
"""Hardening checks through the REAL dotnet-interactive tool (issue 8), driven over Jupyter's protocol (jupyter_client).

Starts the pinned tool's kernel (.net-csharp, from JUPYTER_DATA_DIR as scripts/env.sh sets it), loads the packed extension
with `#!import notebooks/load-companion.dib` as the notebooks do, then:
  * hang cases: runs a cell that would hang, sends the kernel an interrupt after ~1 s, and measures interrupt -> cell
    finished (execute_reply); checks that no child process of the kernel is left and that the next cell works;
  * failure cases: after each failing cell (bad option, closed-port cluster, unknown service, ...) `#!dns plan` works;
  * canaries: every iopub message of the session is scanned for the canary strings (COMPANION_CANARIES, comma-separated).
Prints one JSON object (the measurements and every problem) on stdout; exit 0 when there is no problem, 1 otherwise.

  scripts/hardening-kernel.py [--kubeconfig FILE] [--lab] [--bound-ms 1000]
--kubeconfig: a kubeconfig whose current context is reachable (e.g. the test's fake API server); its cells must work.
--lab (root): also interrupts a long `#!lab probe tcp` to a black-holed address inside a lab (c80-hd*), and probes a
Service without endpoints; the lab is taken down at the end.
"""
import argparse, json, os, queue, shutil, socket, subprocess, sys, tempfile, threading, time

from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def descendants(pid):
    """Every descendant of pid, as (pid, comm), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append((int(entry), comm))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child[0])
    return out


def private_spec(tmp, signal_interrupts):
    """A copy of the installed .net-csharp spec (JUPYTER_DATA_DIR) that listens on loopback only and, unless
    signal_interrupts, asks Jupyter to interrupt with an interrupt_request message: the tool handles that message, while
    the default (SIGINT) shuts the whole kernel down."""
    src = os.path.join(os.environ.get("JUPYTER_DATA_DIR", os.path.join(ROOT, ".tools", "jupyter")), "kernels", ".net-csharp", "kernel.json")
    spec = json.load(open(src))
    if "--http-local-only" not in spec["argv"]:
        spec["argv"].append("--http-local-only")
    if signal_interrupts:
        spec.pop("interrupt_mode", None)
    else:
        spec["interrupt_mode"] = "message"
    os.makedirs(os.path.join(tmp, "kernels", ".net-csharp"))
    json.dump(spec, open(os.path.join(tmp, "kernels", ".net-csharp", "kernel.json"), "w"))
    os.environ["JUPYTER_PATH"] = tmp + (":" + os.environ["JUPYTER_PATH"] if os.environ.get("JUPYTER_PATH") else "")


def survivors(pids, grace_s=5.0):
    """Which of pids are still alive after grace_s; those are killed (by pid) and returned."""
    deadline = time.monotonic() + grace_s
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [p for p in alive if os.path.exists(f"/proc/{p}") and not zombie(p)]
    for p in alive:
        try:
            os.kill(p, 9)
        except OSError:
            pass
    return alive


def zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class Session:
    def __init__(self, startup_timeout=120):
        self.km = KernelManager(kernel_name=".net-csharp")
        self.km.start_kernel(cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=startup_timeout)
        self.messages = []  # every iopub message's content, for the canary scan

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def _drain_iopub(self, msg_id, outputs, until_idle=True, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                return False
            self.messages.append(json.dumps(msg["content"]))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind in ("stream", "display_data", "execute_result", "update_display_data", "error"):
                outputs.append(msg)
            if until_idle and kind == "status" and msg["content"]["execution_state"] == "idle":
                return True
        return False

    def run(self, code, timeout=120.0):
        """Runs a cell to the end: (status, text of every output, error evalue)."""
        msg_id = self.kc.execute(code, store_history=False)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        outputs = []
        self._drain_iopub(msg_id, outputs)
        return reply["content"]["status"], text_of(outputs), error_of(outputs, reply)

    def run_and_interrupt(self, code, after_s=1.0, wait_s=30.0):
        """Starts a cell, interrupts it after_s later; returns (ms from interrupt to execute_reply, status, text)."""
        msg_id = self.kc.execute(code, store_history=False)
        outputs = []
        self._drain_iopub(msg_id, outputs, until_idle=False, timeout=after_s)
        sent = time.monotonic()
        self.km.interrupt_kernel()
        reply = None
        while time.monotonic() - sent < wait_s:
            try:
                m = self.kc.get_shell_msg(timeout=0.01)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") == msg_id:
                reply = m
                break
        finished = time.monotonic()
        self._drain_iopub(msg_id, outputs)
        if reply is None:
            return None, "no reply", text_of(outputs)
        return round((finished - sent) * 1000), reply["content"]["status"], text_of(outputs) + error_of(outputs, reply)

    def close(self):
        """Shuts the kernel down; returns the processes still alive afterwards (then killed), which should be none."""
        tree = [self.pid] + [p for p, _ in descendants(self.pid)]
        try:
            self.kc.stop_channels()
        finally:
            self.km.shutdown_kernel(now=True)
        return survivors(tree)


class StdioSession:
    """The same cells through `dotnet-interactive stdio`, the protocol Polyglot Notebooks (VS Code) speaks: JSON commands on
    stdin, events on stdout. An interrupt there is the kernel's Cancel command."""

    def __init__(self, startup_timeout=120):
        self.proc = subprocess.Popen(["dotnet-interactive", "stdio", "--default-kernel", "csharp"], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.messages = []
        self.counter = 0

    @property
    def pid(self):
        return self.proc.pid

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def _send(self, kind, command):
        self.counter += 1
        token = f"hd-{self.counter}"
        self.proc.stdin.write(json.dumps({"commandType": kind, "command": command, "token": token}) + "\n")
        self.proc.stdin.flush()
        return token

    def _wait(self, token, timeout, texts):
        """Events until `token` succeeds or fails: ('ok'|'error'|None, failure message)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.01)
            except queue.Empty:
                continue
            self.messages.append(line)
            try:
                m = json.loads(line)
            except ValueError:
                continue
            event = m.get("event") or {}
            for v in event.get("formattedValues") or []:
                texts.append(str(v.get("value", "")))
            if "message" in event and m.get("eventType") != "CommandFailed":
                texts.append(str(event["message"]))
            if (m.get("command") or {}).get("token") == token and m.get("eventType") in ("CommandSucceeded", "CommandFailed"):
                return ("ok" if m["eventType"] == "CommandSucceeded" else "error"), event.get("message", "")
        return None, ""

    def run(self, code, timeout=120.0):
        texts = []
        status, err = self._wait(self._send("SubmitCode", {"code": code, "targetKernelName": "csharp"}), timeout, texts)
        if status is None:
            raise TimeoutError(f"cell did not finish in {timeout} s: {code[:80]}")
        return status, "\n".join(texts), err

    def run_and_interrupt(self, code, after_s=1.0, wait_s=30.0):
        texts = []
        token = self._send("SubmitCode", {"code": code, "targetKernelName": "csharp"})
        status, err = self._wait(token, after_s, texts)
        if status is not None:
            return 0, status, "\n".join(texts) + err
        sent = time.monotonic()
        self._send("Cancel", {})
        status, err = self._wait(token, wait_s, texts)
        finished = time.monotonic()
        if status is None:
            return None, "no reply", "\n".join(texts)
        return round((finished - sent) * 1000), status, "\n".join(texts) + err

    def close(self):
        tree = [self.pid] + [p for p, _ in descendants(self.pid)]
        self.proc.stdin.close()
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        return survivors(tree)


def text_of(outputs):
    parts = []
    for m in outputs:
        c = m["content"]
        if "text" in c:
            parts.append(c["text"])
        for mime in ("text/plain", "text/html"):
            if mime in c.get("data", {}):
                parts.append(str(c["data"][mime]))
    return "\n".join(parts)


def error_of(outputs, reply):
    errors = [m["content"].get("evalue", "") for m in outputs if m["msg_type"] == "error"]
    if reply["content"].get("status") == "error":
        errors.append(reply["content"].get("evalue", ""))
    return "\n".join(e for e in errors if e)


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kubeconfig")
    ap.add_argument("--lab", action="store_true")
    ap.add_argument("--bound-ms", type=int, default=1000)
    ap.add_argument("--signal-interrupts", action="store_true", help="keep the installed spec's interrupt mode (SIGINT)")
    ap.add_argument("--protocol", choices=["stdio", "jupyter"], default="stdio",
                    help="stdio: the tool's JSON protocol (Polyglot Notebooks), interrupt = Cancel; jupyter: interrupt_request")
    args = ap.parse_args()
    canaries = [c for c in os.environ.get("COMPANION_CANARIES", "").split(",") if c]
    problems, report = [], {"boundMs": args.bound_ms, "interrupts": [], "recoveries": []}

    # A UDP socket that never answers: the DNS server of the hang case (it is bound, so nothing sends port unreachable).
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    silent_port = silent.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="c80-hd-kernel-")
    private_spec(os.path.join(tmp, "jupyter"), args.signal_interrupts)
    closed_kc = os.path.join(tmp, "closed-config")
    with open(closed_kc, "w") as f:
        f.write(f"""apiVersion: v1
kind: Config
current-context: closed
clusters:
- name: closed
  cluster:
    server: https://127.0.0.1:{closed_port()}
contexts:
- name: closed
  context:
    cluster: closed
    user: canary
    namespace: demo
users:
- name: canary
  user:
    token: {canaries[0] if canaries else 'hardening-closed-token-0000'}
""")

    started = time.monotonic()
    report["protocol"] = args.protocol
    s = Session() if args.protocol == "jupyter" else StdioSession()
    report["kernelStartMs"] = round((time.monotonic() - started) * 1000)
    try:
        t = time.monotonic()
        status, text, err = s.run(f"#!import {ROOT}/notebooks/load-companion.dib", timeout=300)
        report["loadMs"] = round((time.monotonic() - t) * 1000)
        if status != "ok":
            raise SystemExit(f"hardening-kernel: loading the extension failed: {err or text}")
        baseline = {p for p, _ in descendants(s.pid)}

        def check_next_cell(after):
            status, text, err = s.run("#!dns plan kubernetes.default --search \"default.svc.cluster.local svc.cluster.local\"")
            ok = status == "ok" and "kubernetes.default.svc.cluster.local" in text
            report["recoveries"].append({"after": after, "nextCellOk": ok})
            if not ok:
                problems.append(f"after {after}: the next cell failed: {status} {err or text[:300]}")

        def check_children(after):
            time.sleep(0.2)
            left = [(p, c) for p, c in descendants(s.pid) if p not in baseline]
            if left:
                problems.append(f"after {after}: processes left behind: {left}")
            return left

        # Through Jupyter, tool 1.0.712001 does not cancel the running cell on an interrupt_request (see docs/hardening.md):
        # those cells are bounded (2 x 2 s) so the run ends, and a missed interrupt is reported as a tool limitation.
        jupyter = args.protocol == "jupyter"

        def interrupt_case(name, code):
            if jupyter:
                code = code.replace("--count 1000", "--count 2").replace("--timeout-ms 5000", "--timeout-ms 2000")
            ms, status, text = s.run_and_interrupt(code)
            left = check_children(name)
            report["interrupts"].append({"case": name, "interruptToFinishedMs": ms, "status": status, "left": len(left)})
            missed = []
            if ms is None:
                missed.append(f"{name}: the cell never finished after the interrupt")
            elif ms > args.bound_ms:
                missed.append(f"{name}: the cell took {ms} ms to finish after the interrupt (bound {args.bound_ms} ms)")
            if status == "ok" and ms is not None:
                missed.append(f"{name}: the cell ran to completion instead of being interrupted ({ms} ms)")
            if jupyter and ms is not None:
                report.setdefault("toolLimitations", []).extend(missed)
            else:
                problems.extend(missed)
            check_next_cell(f"interrupting {name}")

        # Hang: a DNS server that never answers, 1000 lookups of 5 s each.
        interrupt_case("dns probe to a silent server",
                       f"#!dns probe x.test --server 127.0.0.1:{silent_port} --count 1000 --timeout-ms 5000")
        # Hang: the same without the magic's own timeout in play (long count, plain C# awaiting the magic twice).
        if not jupyter:  # compare has no --timeout-ms: under Jupyter it could only run to its (minutes-long) end
            interrupt_case("dns compare to a silent server",
                           f"#!dns compare x.test --server 127.0.0.1:{silent_port} --count 1000")

        # Failures, each followed by a working cell.
        failures = {
            "a misspelled option": "#!dns plan web --ndotz 2",
            "a bad option value": "#!dns probe web --count many",
            "a closed-port cluster": f"#!k8s connect --kubeconfig {closed_kc} --timeout-ms 2000\n#!k8s get pods",
            "an unknown service": "#!k8s connect --recording notebooks/recordings/demo-iptables\n#!trace service no-such-service:80",
            "a missing rules file": "#!trace packet --rules /nonexistent/dump.txt --src 10.244.1.5 --dst 10.96.0.1 --dport 443",
            "a C# exception": "throw new System.InvalidOperationException(\"boom\");",
        }
        if os.environ.get("KUBECONFIG"):
            # scripts/hardening-canaries.sh: every context of a kubeconfig full of canaries (token, password, client
            # cert/key, exec plugin, proxy-url credentials) points at a closed port; each must fail in one line, no canary.
            for context in ("canary", "password", "cert", "exec"):
                failures[f"the canary kubeconfig, context {context}"] = \
                    f"#!k8s connect --context {context} --timeout-ms 2000\n#!k8s get pods\n#!k8s proxy-mode"
        for name, code in failures.items():
            status, text, err = s.run(code)
            if status == "ok" and not err:
                problems.append(f"{name}: the cell did not fail: {text[:200]}")
            elif "\n   at " in (err + text):
                if name != "a C# exception":
                    problems.append(f"{name}: a stack trace reached the user: {(err + text)[:300]}")
            report.setdefault("failures", {})[name] = (err or text).strip().splitlines()[0][:200] if (err or text).strip() else ""
            check_children(name)
            check_next_cell(name)

        if args.kubeconfig:
            status, text, err = s.run(f"#!k8s connect --kubeconfig {args.kubeconfig} --timeout-ms 5000\n#!k8s get pods\n#!k8s proxy-mode")
            report["liveConnect"] = status
            if status != "ok":
                problems.append(f"live connect to the fake API server failed: {err or text[:300]}")
            check_next_cell("a live connect")

        if args.lab:
            lab_cases(s, report, problems, check_children, check_next_cell, args.bound_ms)
    finally:
        left = s.close()
        if left:
            problems.append(f"processes still alive after the kernel shut down (killed now): {left}")
        silent.close()
        shutil.rmtree(tmp, ignore_errors=True)

    for c in canaries:
        hits = sum(c in m for m in s.messages)
        if hits:
            problems.append(f"canary {c[:8]}... appears in {hits} kernel message(s)")
    report["messagesScanned"] = len(s.messages)
    report["canaries"] = len(canaries)
    report["problems"] = problems
    print(json.dumps(report, indent=1))
    return 1 if problems else 0


def lab_cases(s, report, problems, check_children, check_next_cell, bound_ms):
    lab = "c80-hd-kernel"
    status, text, err = s.run(f"#!lab up --lab {lab}", timeout=300)
    if status != "ok":
        problems.append(f"#!lab up failed: {err or text[:300]}")
        return
    try:
        # A Service without endpoints: kube-proxy's REJECT answers at once; the cell must say so, quickly, not hang.
        t = time.monotonic()
        status, text, err = s.run(f"#!lab probe tcp hd-noendpoints.demo:80 --lab {lab} --count 3 --timeout-ms 5000")
        report["noEndpointsMs"] = round((time.monotonic() - t) * 1000)
        report["noEndpoints"] = (err or text).strip()[:200]
        # Hang: connects to a black-holed address inside the lab (nothing routes it back), 1000 x 10 s.
        ms, status, text = s.run_and_interrupt(f"#!lab probe tcp 10.255.255.1:80 --lab {lab} --count 1000 --timeout-ms 10000")
        left = check_children("lab probe to a black hole")
        report["interrupts"].append({"case": "lab probe to a black hole", "interruptToFinishedMs": ms, "status": status, "left": len(left)})
        if ms is None or ms > bound_ms:
            problems.append(f"lab probe to a black hole: {ms} ms from interrupt to finished (bound {bound_ms} ms)")
        check_next_cell("interrupting a lab probe")
    finally:
        status, text, err = s.run(f"#!lab down --lab {lab}", timeout=120)
        if status != "ok":
            problems.append(f"#!lab down failed: {err or text[:300]}")


if __name__ == "__main__":
    sys.exit(main())

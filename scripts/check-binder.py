#!/usr/bin/env python3
"""Static checks of binder/Dockerfile against repo2docker's rules (Docker cannot run on these machines).

Prints one line per problem and exits 1 if any; prints 'binder: ok (N checks)' otherwise.
"""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
args = [a for a in sys.argv[1:] if not a.startswith("--")]
dockerfile = Path(args[0]) if args else root / "binder" / "Dockerfile"
problems = []
checks = 0

if "--self-test" in sys.argv:
    # Each broken variant of the real Dockerfile must be rejected: proves the checks can fail.
    import subprocess, tempfile
    good = (root / "binder" / "Dockerfile").read_text(encoding="utf-8")
    variants = {
        "latest tag": good.replace("sdk:10.0-noble", "sdk:latest"),
        "no tag": good.replace("sdk:10.0-noble", "sdk"),
        "uid 1001": good.replace("NB_UID=1000", "NB_UID=1001"),
        "root at run time": good + "\nUSER root\n",
        "no chown": good.replace("RUN chown -R ${NB_UID} ${HOME}", ""),
        "no jupyterlab": good.replace("jupyterlab==", "jupyter-lab-x=="),
        "start command": good + "\nCMD [\"bash\"]\n",
        "recording without measurements": good.replace("recordings/lab-default", "recordings/demo-iptables"),
        "no recording source": good.replace("COMPANION_SOURCE=recording", "COMPANION_SOURCE=lab"),
    }
    failed = 0
    for name, text in variants.items():
        with tempfile.NamedTemporaryFile("w", suffix=".Dockerfile", delete=False) as f:
            f.write(text)
        rc = subprocess.run([sys.executable, __file__, f.name], capture_output=True).returncode
        Path(f.name).unlink()
        if rc == 0:
            failed += 1
            print(f"binder self-test: the variant '{name}' was wrongly accepted")
    print(f"binder self-test: {len(variants) - failed} of {len(variants)} broken variants rejected")
    sys.exit(1 if failed else 0)


def check(ok, message):
    global checks
    checks += 1
    if not ok:
        problems.append(message)


text = dockerfile.read_text(encoding="utf-8") if dockerfile.exists() else ""
check(bool(text), "binder/Dockerfile is missing")
lines = [l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
instr = [(l.split()[0].upper(), l) for l in lines]

froms = [l for k, l in instr if k == "FROM"]
check(len(froms) >= 1, "no FROM line")
for f in froms:
    image = f.split()[1]
    tag = image.rsplit(":", 1)[1] if ":" in image.split("/")[-1] else ""
    check(tag != "" and tag != "latest", f"FROM {image}: needs an explicit tag other than latest")

check(re.search(r"^ARG\s+NB_USER\b", text, re.M) is not None, "missing ARG NB_USER")
m = re.search(r"^ARG\s+NB_UID=(\d+)", text, re.M)
check(m is not None and m.group(1) == "1000", "ARG NB_UID must default to 1000")

users = [l.split()[1] for k, l in instr if k == "USER"]
check(len(users) > 0 and users[-1] in ("${NB_USER}", "$NB_USER", "${NB_UID}", "$NB_UID"),
      "the last USER must be the notebook user (no root at run time)")

copy_idx = [i for i, (k, l) in enumerate(instr) if k == "COPY" and re.search(r"\$\{?HOME\}?", l)]
chown_idx = [i for i, (k, l) in enumerate(instr) if k == "RUN" and "chown -R" in l and "NB_UID" in l and "HOME" in l]
check(bool(copy_idx), "missing COPY . ${HOME}")
check(bool(chown_idx) and bool(copy_idx) and min(chown_idx) > min(copy_idx), "missing chown -R ${NB_UID} ${HOME} after the COPY")

code = "\n".join(lines)
check(re.search(r"\bnotebook\b", code) is not None and re.search(r"\bjupyterlab\b", code) is not None,
      "notebook and jupyterlab must be installed")
check(not any(k in ("CMD", "ENTRYPOINT") for k, _ in instr), "leave the start command alone (no CMD/ENTRYPOINT)")
check("1.0.712001" in (root / "scripts" / "setup.sh").read_text() and "user-steps.sh" in text,
      "the pinned dotnet-interactive tool (1.0.712001) must be installed by the user steps")
check("run-notebooks.sh" in (root / "binder" / "user-steps.sh").read_text(),
      "the user steps must pre-warm by executing every notebook")
check(not re.search(r"cdn\.plot\.ly|cdnjs|unpkg|jsdelivr", text), "no CDN in the Dockerfile")
# Binder has no lab: the notebooks (and the pre-warm) replay the shipped recording that carries measured results.
check(re.search(r"\bCOMPANION_SOURCE=recording\b", text) is not None, "ENV COMPANION_SOURCE=recording (Binder cannot run the lab)")
rec = re.search(r"\bCOMPANION_RECORDING=\$\{?HOME\}?/(\S+)", text)
check(rec is not None and (root / rec.group(1) / "manifest.json").exists() and any((root / rec.group(1) / "measurements").glob("*.json")),
      "ENV COMPANION_RECORDING must name a shipped recording with measurements/ (notebooks/recordings/lab-default)")

for p in problems:
    print(f"binder: {p}")
print(f"binder: {'ok' if not problems else 'FAILED'} ({checks} checks, {len(problems)} problems)")
sys.exit(1 if problems else 0)

#!/usr/bin/env python3
"""The checks every executed notebook passes (run-notebooks.sh and run-suite.py both use them).

usage: scripts/notebook_checks.py EXECUTED.ipynb      (exit 1 and one line per problem on stderr)
Under Jupyter the tool always starts its HTTP API and injects a bootstrap into the first output: a script that finds the
live kernel's HTTP server and loads require.js from cdnjs when the page has none. In a saved or exported notebook the
kernel is gone, so that output can only fetch from a CDN: it is removed (and only it), and said so. Then: no error
output, no "error CS" in a cell's stderr, no CDN script URL, no secret-looking text and no canary value named in
COMPANION_CANARIES (comma-separated; the hardening tests run the suite with a kubeconfig full of canaries).
"""
import json
import os
import re
import sys

CDN = re.compile(r"cdn\.plot\.ly|cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|unpkg\.com|requirejs\.org", re.I)
SCRIPT_URL = re.compile(r"""<(script|link)[^>]*(src|href)\s*=\s*['"](https?:)?//[^'"]+|setAttribute\(\s*['"]src['"]\s*,\s*['"]https?://[^'"]+""", re.I)
SECRET = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----|Bearer\s+[A-Za-z0-9._~+/-]{12,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")


def remove_bootstrap(path):
    """Removes the kernel HTTP-API bootstrap output(s) in place; returns how many."""
    nb = json.load(open(path, encoding="utf-8"))
    removed = 0
    for cell in nb["cells"]:
        kept = []
        for o in cell.get("outputs", []):
            html = "".join(o.get("data", {}).get("text/html", []))
            if "dotnet-interactive-this-cell-" in html and "probeAddresses" in html:
                removed += 1
            else:
                kept.append(o)
        if "outputs" in cell:
            cell["outputs"] = kept
    if removed:
        json.dump(nb, open(path, "w", encoding="utf-8"), indent=1, ensure_ascii=False)
    return removed


def problems(path):
    """Every problem of an executed notebook (after remove_bootstrap), as one line each."""
    nb = json.load(open(path, encoding="utf-8"))
    canaries = [c for c in os.environ.get("COMPANION_CANARIES", "").split(",") if c]
    raw = open(path, encoding="utf-8").read()
    found = []
    for m in SECRET.finditer(raw):
        found.append(f"secret-looking text in the executed notebook: {m.group(0)[:24]}...")
    for c in canaries:
        if c in raw:
            found.append(f"canary secret {c[:6]}... appears in the executed notebook")
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                found.append(f"cell {i}: error output: {o.get('ename')}: {o.get('evalue', '')[:300]}")
            if o.get("output_type") == "stream" and o.get("name") == "stderr" and "error CS" in "".join(o.get("text", "")):
                found.append(f"cell {i}: compile error: {''.join(o['text']).strip()[:300]}")
            for mime, value in o.get("data", {}).items():
                text = "".join(value) if isinstance(value, list) else str(value)
                for m in list(CDN.finditer(text)) + list(SCRIPT_URL.finditer(text)):
                    found.append(f"cell {i}: CDN URL in {mime}: ...{text[max(0, m.start() - 60):m.end() + 40]}...")
    return found


def check(path):
    """remove_bootstrap + problems, printed as run-notebooks.sh always printed them; True when clean."""
    removed = remove_bootstrap(path)
    if removed:
        print(f"run-notebooks: {path}: removed {removed} kernel HTTP-API bootstrap output(s)")
    found = problems(path)
    if found:
        print(f"run-notebooks: {path}:", *found, sep="\n  ", file=sys.stderr)
    return not found


if __name__ == "__main__":
    ok = all([check(p) for p in sys.argv[1:]])
    sys.exit(0 if ok else 1)

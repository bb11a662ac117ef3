#!/usr/bin/env bash
# Executes notebooks through the real clients: Jupyter (nbconvert) with the dotnet-interactive kernel.
#   scripts/run-notebooks.sh [--source lab|recording] [NOTEBOOK...]     (default: notebooks/[0-9]*.ipynb)
# Writes executed notebooks to artifacts/notebooks/ and HTML to artifacts/html/. Fails (exit 1) on any error output,
# on "error CS" in a cell's stderr, or on a CDN script URL in an executed notebook. The source (default: lab when root,
# else the shipped recording) reaches the notebooks as COMPANION_SOURCE.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

source_kind=""
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_kind="${2:?--source needs lab or recording}"; shift 2 ;;
    --source=*) source_kind="${1#--source=}"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
if [ -z "$source_kind" ]; then
  if [ "$(id -u)" -eq 0 ]; then source_kind=lab; else source_kind=recording; fi
fi
case "$source_kind" in lab|recording) ;; *) echo "run-notebooks: --source must be lab or recording, not '$source_kind'" >&2; exit 2 ;; esac
export COMPANION_SOURCE="$source_kind"
if [ ${#notebooks[@]} -eq 0 ]; then
  shopt -s nullglob
  notebooks=(notebooks/[0-9]*.ipynb)
fi
[ ${#notebooks[@]} -gt 0 ] || { echo "run-notebooks: no notebooks" >&2; exit 2; }
[ -f notebooks/load-companion.dib ] || bash scripts/pack.sh

out="$COMPANION_ROOT/artifacts/notebooks"
html="$COMPANION_ROOT/artifacts/html"
mkdir -p "$out" "$html"

# A private copy of the installed kernel spec that makes sure the kernel's HTTP server listens on loopback only.
spec_root="$COMPANION_ROOT/artifacts/jupyter"
python3 - "$JUPYTER_DATA_DIR/kernels/.net-csharp/kernel.json" "$spec_root/kernels/.net-csharp" <<'PY'
import json, os, sys
spec = json.load(open(sys.argv[1]))
if "--http-local-only" not in spec["argv"]:
    spec["argv"].append("--http-local-only")
spec["interrupt_mode"] = "message"  # SIGINT would shut dotnet-interactive down (docs/hardening.md)
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(spec, open(os.path.join(sys.argv[2], "kernel.json"), "w"), indent=2)
PY
export JUPYTER_PATH="$spec_root${JUPYTER_PATH:+:$JUPYTER_PATH}"

status=0
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$out/$name.log"
  started=$(date +%s)
  if ! timeout 1800 jupyter nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=.net-csharp --output-dir "$out" --output "$name" "$nb" >"$log" 2>&1; then
    echo "run-notebooks: $nb: nbconvert failed, see $log" >&2; status=1; continue
  fi
  python3 - "$out/$name.ipynb" <<'PY' || status=1
import json, re, sys
path = sys.argv[1]
nb = json.load(open(path))
# Under Jupyter the tool always starts its HTTP API and injects a bootstrap into the first output: a script that finds the
# live kernel's HTTP server and loads require.js from cdnjs when the page has none. In a saved or exported notebook the
# kernel is gone, so that output can only fetch from a CDN: remove it (and only it), and say so.
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
    json.dump(nb, open(path, "w"), indent=1, ensure_ascii=False)
    print(f"run-notebooks: {path}: removed {removed} kernel HTTP-API bootstrap output(s)")
cdn = re.compile(r"cdn\.plot\.ly|cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|unpkg\.com|requirejs\.org", re.I)
script_url = re.compile(r"""<(script|link)[^>]*(src|href)\s*=\s*['"](https?:)?//[^'"]+|setAttribute\(\s*['"]src['"]\s*,\s*['"]https?://[^'"]+""", re.I)
# No secret in an executed notebook: PEM private keys, bearer tokens, JWTs, and any canary value the caller names in
# COMPANION_CANARIES (comma-separated; the hardening tests run the suite with a kubeconfig full of canaries).
import os
secret = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----|Bearer\s+[A-Za-z0-9._~+/-]{12,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")
canaries = [c for c in os.environ.get("COMPANION_CANARIES", "").split(",") if c]
raw = open(path, encoding="utf-8").read()
problems = []
for m in secret.finditer(raw):
    problems.append(f"secret-looking text in the executed notebook: {m.group(0)[:24]}...")
for c in canaries:
    if c in raw:
        problems.append(f"canary secret {c[:6]}... appears in the executed notebook")
for i, cell in enumerate(nb["cells"]):
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            problems.append(f"cell {i}: error output: {o.get('ename')}: {o.get('evalue', '')[:300]}")
        if o.get("output_type") == "stream" and o.get("name") == "stderr" and "error CS" in "".join(o.get("text", "")):
            problems.append(f"cell {i}: compile error: {''.join(o['text']).strip()[:300]}")
        for mime, value in o.get("data", {}).items():
            text = "".join(value) if isinstance(value, list) else str(value)
            for m in list(cdn.finditer(text)) + list(script_url.finditer(text)):
                problems.append(f"cell {i}: CDN URL in {mime}: ...{text[max(0, m.start() - 60):m.end() + 40]}...")
if problems:
    print(f"run-notebooks: {path}:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
PY
  if ! jupyter nbconvert --to html --template-file "$COMPANION_ROOT/scripts/run-notebooks.offline.html.j2" \
      --output-dir "$html" --output "$name" "$out/$name.ipynb" >>"$log" 2>&1; then
    echo "run-notebooks: $nb: HTML export failed, see $log" >&2; status=1
  fi
  echo "run-notebooks: $nb -> $out/$name.ipynb, $html/$name.html ($(( $(date +%s) - started )) s, source $source_kind)"
done
exit $status

#!/usr/bin/env bash
# Executes notebooks through the real clients: Jupyter (nbconvert) with the dotnet-interactive kernel.
#   scripts/run-notebooks.sh [--source lab|recording] [--jobs N] [--warm] [NOTEBOOK...]     (default: notebooks/[0-9]*.ipynb)
# Writes executed notebooks to artifacts/notebooks/ and HTML to artifacts/html/. Fails (exit 1) on any error output,
# on "error CS" in a cell's stderr, or on a CDN script URL in an executed notebook. The source (default: lab when root,
# else the shipped recording) reaches the notebooks as COMPANION_SOURCE. --jobs N runs N notebooks at once (default 1);
# on the lab each then gets a lab of its own (COMPANION_LAB + "j" + index), which it brings up and takes down itself.
# Per notebook, artifacts/notebooks/NAME.timing.json splits the wall time: kernel start (nbconvert start -> first cell),
# the import cell (#i + #r), the other cells, kernel shutdown, the checks and the HTML export.
# --warm runs the suite "after warm-up" instead (scripts/run-suite.py): every kernel started, every import cell run and
# every lab up first, then all the other cells of all notebooks at once (--jobs N: N at once), then the same checks,
# the HTML export and the chart check; artifacts/notebooks/suite.timing.json has the phases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

source_kind=""
jobs=1
jobs_given=0
warm=0
notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_kind="${2:?--source needs lab or recording}"; shift 2 ;;
    --source=*) source_kind="${1#--source=}"; shift ;;
    --jobs) jobs="${2:?--jobs needs a number}"; jobs_given=1; shift 2 ;;
    --warm) warm=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
if [ -z "$source_kind" ]; then
  if [ "$(id -u)" -eq 0 ]; then source_kind=lab; else source_kind=recording; fi
fi
case "$source_kind" in lab|recording) ;; *) echo "run-notebooks: --source must be lab or recording, not '$source_kind'" >&2; exit 2 ;; esac
[[ "$jobs" =~ ^[1-9][0-9]?$ ]] || { echo "run-notebooks: --jobs must be 1-99, not '$jobs'" >&2; exit 2; }
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
# It also starts the tool's own executable: `dotnet interactive` runs the SDK's CLI first, which resolves the tool and then
# stays alive as the kernel's parent (~1.2-1.6 s more per kernel start at load 20, 60 MB resident; docs/benchmarks.md §3).
python3 - "$JUPYTER_DATA_DIR/kernels/.net-csharp/kernel.json" "$spec_root/kernels/.net-csharp" "$COMPANION_TOOLS/dotnet-interactive" <<'PY'
import json, os, sys
spec = json.load(open(sys.argv[1]))
if spec["argv"][:2] == ["dotnet", "interactive"] and os.access(sys.argv[3], os.X_OK):
    spec["argv"][:2] = [sys.argv[3]]
if "--http-local-only" not in spec["argv"]:
    spec["argv"].append("--http-local-only")
spec["interrupt_mode"] = "message"  # SIGINT would shut dotnet-interactive down (docs/hardening.md)
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(spec, open(os.path.join(sys.argv[2], "kernel.json"), "w"), indent=2)
PY
export JUPYTER_PATH="$spec_root${JUPYTER_PATH:+:$JUPYTER_PATH}"

if [ "$warm" -eq 1 ]; then
  # Debian's python (nbclient, jupyter_client), not another python3 on PATH. Bounded: the runner bounds every wait itself.
  args=(--source "$source_kind")
  [ "$jobs_given" -eq 1 ] && args+=(--jobs "$jobs")
  exec timeout 1800 /usr/bin/python3 "$COMPANION_ROOT/scripts/run-suite.py" "${args[@]}" "${notebooks[@]}"
fi

# One notebook: nbconvert (a fresh kernel), the checks, the HTML export, and the timing split. Returns non-zero on failure.
run_one() {
  local nb="$1" name log t0 t1 t2 t3 rc=0
  name="$(basename "$nb" .ipynb)"
  log="$out/$name.log"
  t0=$(date +%s.%N)
  if ! timeout 1800 jupyter nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.timeout=600 \
      --ExecutePreprocessor.kernel_name=.net-csharp --output-dir "$out" --output "$name" "$nb" >"$log" 2>&1; then
    echo "run-notebooks: $nb: nbconvert failed, see $log" >&2; return 1
  fi
  t1=$(date +%s.%N)
  # The bootstrap output removed, then no error output, compile error, CDN URL, secret or canary (scripts/notebook_checks.py).
  python3 "$COMPANION_ROOT/scripts/notebook_checks.py" "$out/$name.ipynb" || rc=1
  t2=$(date +%s.%N)
  if ! jupyter nbconvert --to html --template-file "$COMPANION_ROOT/scripts/run-notebooks.offline.html.j2" \
      --output-dir "$html" --output "$name" "$out/$name.ipynb" >>"$log" 2>&1; then
    echo "run-notebooks: $nb: HTML export failed, see $log" >&2; rc=1
  fi
  t3=$(date +%s.%N)
  python3 - "$out/$name.ipynb" "$t0" "$t1" "$t2" "$t3" "$rc" "$source_kind" "${COMPANION_LAB:-}" > "$out/$name.timing.json" <<'PY' || true
import json, sys
from datetime import datetime
path, (t0, t1, t2, t3), rc, source, lab = sys.argv[1], map(float, sys.argv[2:6]), int(sys.argv[6]), sys.argv[7], sys.argv[8]
def ts(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def ms(a, b): return round((b - a) * 1000)
spans = []
for c in json.load(open(path))["cells"]:
    m = c.get("metadata", {}).get("execution", {})
    if "iopub.execute_input" in m and "shell.execute_reply" in m:
        spans.append((ts(m["iopub.execute_input"]), ts(m["shell.execute_reply"])))
out = {"name": path.rsplit("/", 1)[-1], "source": source, "lab": lab or None, "ok": rc == 0, "wallMs": ms(t0, t3), "nbconvertMs": ms(t0, t1)}
if spans:
    rest = [ms(a, b) for a, b in spans[1:]]
    out |= {"kernelStartMs": ms(t0, spans[0][0]), "importCellMs": ms(*spans[0]), "cellsMs": sum(rest),
            "slowestCellMs": max(rest, default=0), "shutdownMs": ms(spans[-1][1], t1)}
out |= {"checksMs": ms(t1, t2), "htmlMs": ms(t2, t3)}
print(json.dumps(out))
PY
  python3 - "$out/$name.timing.json" "$nb" "$source_kind" <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
parts = ", ".join(f"{k[:-2]} {v / 1000:.1f}" for k, v in d.items() if k.endswith("Ms") and k != "wallMs")
print(f"run-notebooks: {sys.argv[2]} ({d['wallMs'] / 1000:.1f} s, source {sys.argv[3]}{', lab ' + d['lab'] if d.get('lab') else ''}; s: {parts})")
PY
  return $rc
}

status=0
if [ "$jobs" -eq 1 ]; then
  for nb in "${notebooks[@]}"; do run_one "$nb" || status=1; done
else
  # N at a time; each notebook's exit status lands in a file. On the lab, a lab per notebook: chapters inject faults and
  # clear them, so two chapters must not share one. Lab names stay under 12 characters with the "nft" a chapter appends.
  base="${COMPANION_LAB:-nb$(( $$ % 10000 ))}"
  rcdir="$(mktemp -d)"
  trap 'rm -rf "$rcdir"' EXIT
  i=0
  for nb in "${notebooks[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    i=$((i + 1))
    lab="${COMPANION_LAB:-}"
    [ "$source_kind" = lab ] && lab="${base:0:7}j$i"
    # Its own HTTP port range too: two kernels starting at once both pick the first free port of one range (and one dies).
    python3 - "$spec_root/kernels/.net-csharp/kernel.json" "$rcdir/spec$i/kernels/.net-csharp" "$((2048 + 100 * i))" <<'PY'
import json, os, sys
spec = json.load(open(sys.argv[1]))
first = int(sys.argv[3])
if "--http-port-range" in spec["argv"]:
    spec["argv"][spec["argv"].index("--http-port-range") + 1] = f"{first}-{first + 99}"
os.makedirs(sys.argv[2], exist_ok=True)
json.dump(spec, open(os.path.join(sys.argv[2], "kernel.json"), "w"), indent=2)
PY
    ( export JUPYTER_PATH="$rcdir/spec$i${JUPYTER_PATH:+:$JUPYTER_PATH}"; if [ -n "$lab" ]; then export COMPANION_LAB="$lab"; fi
      rc=0; run_one "$nb" || rc=$?; echo "$rc" > "$rcdir/rc$i" ) &
  done
  wait
  for f in "$rcdir"/rc*; do [ "$(cat "$f")" = 0 ] || status=1; done
fi
exit $status

#!/usr/bin/env bash
# Builds notebooks/recordings/demo-iptables from scripts/make-recording/manifests.yaml with the REAL kubectl
# (`kubectl annotate --local -o json`: the manifests as API objects, offline) and derive.py (pods, endpoint slices,
# status and list wrappers by stated rules). No number is typed in by hand. Re-run to reproduce the recording exactly.
# Why not `kubectl create --dry-run=client -f`: it needs API discovery, i.e. a server; `annotate --local` does not.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
here="$scripts/make-recording"
root="$(cd "$scripts/.." && pwd)"
scenario="${1:-demo-iptables}"
out="$root/notebooks/recordings/$scenario"
export CAPTURED_AT="${CAPTURED_AT:-2026-11-30T06:00:00Z}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export KUBECONFIG=/dev/null
timeout 60 kubectl annotate --local -f "$here/manifests.yaml" -o json "companion.example/generated-by=scripts/make-recording.sh" > "$tmp/objects.json"
version="$(timeout 30 kubectl version --client -o json)"
mkdir -p "$tmp/rec"
summary="$(python3 "$here/derive.py" "$tmp/rec" "$version" < "$tmp/objects.json")"
for node in node-a node-b; do
  mkdir -p "$tmp/rec/nodes/$node"
  grep -v '^#' "$here/node-resolv.conf" > "$tmp/rec/nodes/$node/resolv.conf"
done
python3 - "$tmp/rec/manifest.json" "$scenario" "$summary" <<'PY'
import json, os, sys
s = json.loads(sys.argv[3])
json.dump({"scenario": sys.argv[2], "capturedAt": os.environ["CAPTURED_AT"], "serverVersion": s["serverVersion"],
           "kubeProxyMode": s["kubeProxyMode"], "captureCommand": "bash scripts/make-recording.sh " + sys.argv[2],
           "context": "manifests (kubectl annotate --local)", "formatVersion": 1}, open(sys.argv[1], "w"), indent=2)
PY
mkdir -p "$(dirname "$out")"
rm -rf "$out.partial"
mv "$tmp/rec" "$out.partial"
rm -rf "$out"
mv "$out.partial" "$out"
echo "wrote $out"

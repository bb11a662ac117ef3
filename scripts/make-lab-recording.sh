#!/usr/bin/env bash
# Re-makes notebooks/recordings/lab-default from the lab (needs root): `companion record --lab`, which brings a lab
# named "recx" up (and down after) if it is not up, records its API objects, node dumps and measured results; for the
# iptables vs nftables connects, the rule counters and the scale experiment (0, 1,000 and 10,000 Services, both modes) it
# also brings up a second lab in the other kube-proxy mode ("recxn", or "recxi" with nftables) and always takes it down.
# About 3 minutes (2 min 40 s at load average 8-9); the recording is about 0.5 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-iptables}"
out="notebooks/recordings/lab-default"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export COMPANION_BUILD_SLOT="${COMPANION_BUILD_SLOT:-rec}"
dotnet build src/Companion.Cli -v q -nologo -clp:ErrorsOnly | grep -E "error|Build FAILED" && exit 1 || true
"src/Companion.Cli/bin/${COMPANION_BUILD_SLOT}/Debug/net10.0/companion" record --lab --lab-name recx --proxy-mode "$mode" --out "$tmp/lab-default"
rm -rf "$out"
mv "$tmp/lab-default" "$out"
echo "wrote $out ($(du -sh "$out" | cut -f1))"

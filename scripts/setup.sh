#!/usr/bin/env bash
# Installs everything the walkthrough and the tests need, idempotently.
# Debian packages, the pinned dotnet-interactive tool and its Jupyter kernel spec.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$here/scripts/env.sh"

APT_PACKAGES=(dnsmasq-base tcpdump nftables iptables conntrack iproute2 dnsutils dnsperf hyperfine
  musl-tools gcc libc6-dev procps psmisc python3 util-linux
  jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel python3-nbformat
  chromium kubectl)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${COMPANION_SKIP_APT:-}" = "1" ]; then
  missing=()   # Binder: the Dockerfile's root stage installed the system packages; user steps cannot run apt.
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The pinned notebook host. Microsoft deprecated it in 2026; 1.0.712001 is the last release.
if ! "$COMPANION_TOOLS/dotnet-interactive" --version 2>/dev/null | grep -q "^1.0.712001"; then
  rm -rf "$COMPANION_TOOLS/dotnet-interactive" "$COMPANION_TOOLS/.store/microsoft.dotnet-interactive"
  dotnet tool install --tool-path "$COMPANION_TOOLS" Microsoft.dotnet-interactive --version 1.0.712001 >/dev/null
fi

# Jupyter kernel spec: the spec runs `dotnet interactive`, so the tool folder must be on PATH (env.sh does that).
# --http-local-only keeps the kernel's HTTP server on loopback. "interrupt_mode": "message": with the default (SIGINT),
# Jupyter's interrupt button makes dotnet-interactive 1.0.712001 shut the whole kernel down (docs/hardening.md).
kdir="$JUPYTER_DATA_DIR/kernels/.net-csharp"
if [ ! -f "$kdir/kernel.json" ] || ! grep -q "http-local-only" "$kdir/kernel.json" || ! grep -q '"interrupt_mode"' "$kdir/kernel.json" || ! grep -q "$COMPANION_TOOLS/dotnet-interactive" "$kdir/kernel.json"; then
  "$COMPANION_TOOLS/dotnet-interactive" jupyter install --path "$JUPYTER_DATA_DIR/kernels" >/dev/null 2>&1 || \
    "$COMPANION_TOOLS/dotnet-interactive" jupyter install >/dev/null
  python3 - "$JUPYTER_DATA_DIR/kernels" "$COMPANION_TOOLS/dotnet-interactive" <<'PY'
import json, os, sys
# glob("*") skips the hidden ".net-csharp" folders, so list them.
for spec in (os.path.join(sys.argv[1], d, "kernel.json") for d in os.listdir(sys.argv[1])):
    if not os.path.exists(spec):
        continue
    k = json.load(open(spec))
    argv = k.get("argv", [])
    if argv[:2] == ["dotnet", "interactive"]:  # the tool itself: `dotnet interactive` starts the SDK CLI first (docs/benchmarks.md §3)
        argv[:2] = [sys.argv[2]]
    if argv and "--http-local-only" not in argv:
        argv.append("--http-local-only")
    k["interrupt_mode"] = "message"
    json.dump(k, open(spec, "w"), indent=2)
PY
fi
echo "setup: ok"

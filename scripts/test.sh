#!/usr/bin/env bash
# The README's test command: installs what the tests need, builds, packs the extension, runs every test project.
# Tests that need root (network namespaces, the kernel's netfilter) run when this runs as root, as CI does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

bash scripts/setup.sh
dotnet build Companion.sln -c Release -nologo -clp:ErrorsOnly
bash scripts/pack.sh

results="$COMPANION_ROOT/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
filter="${COMPANION_TEST_FILTER:-}"
export FUZZ_SECONDS="${FUZZ_SECONDS:-3}"   # per fuzz target in the normal run; scripts/fuzz.sh runs long budgets
export FUZZ_SEED="${FUZZ_SEED:-20261130}"  # the same inputs every run: a regression gate (scripts/fuzz.sh explores at random)
status=0
for proj in tests/*/*.csproj; do
  name="$(basename "$proj" .csproj)"
  echo "== $name"
  # xunit v3 on the Microsoft Testing Platform (global.json "test.runner"); one .trx per project.
  args=(test --project "$proj" -c Release --no-build --results-directory "$results"
        --report-xunit-trx --report-xunit-trx-filename "$name.trx")
  [ -n "$filter" ] && args+=(--filter "$filter")
  dotnet "${args[@]}" || status=1
done
# Script-level checks (no test framework): each counts as one test in the closing line.
extra_passed=0; extra_failed=0
run_check() {
  echo "== check: $*"
  if "$@"; then extra_passed=$((extra_passed + 1)); else extra_failed=$((extra_failed + 1)); status=1; fi
}
run_check python3 scripts/check-binder.py
run_check python3 scripts/check-binder.py --self-test
# The unprivileged replay of the Binder image's user steps takes ~20 min: opt in with BINDER_REPLAY=1.
if [ "${BINDER_REPLAY:-0}" = "1" ]; then run_check bash scripts/binder-replay.sh; fi
# Every notebook through the real Jupyter + dotnet-interactive kernel: on the shipped recording (no root needed) and,
# as root, on the lab. Each run fails on any error output, a secret or a CDN script URL; then headless Chromium checks
# that every chart in the exported HTML drew offline.
shopt -s nullglob
check_notebooks() {
  rm -rf artifacts/html artifacts/notebooks
  # Under a kubeconfig full of fresh random canary secrets: run-notebooks.sh fails on any canary in any notebook byte.
  bash scripts/hardening-canaries.sh bash scripts/run-notebooks.sh --source "$1" && python3 scripts/check-html-charts.py --min-charts 0 artifacts/html/*.html
}
if [ "${COMPANION_SKIP_NOTEBOOKS:-}" != "1" ]; then
  run_check check_notebooks recording
  if [ "$(id -u)" -eq 0 ]; then run_check check_notebooks lab; fi
fi
# Benchmarks: a seconds-scale smoke that keeps them compiling and working. It reports figures and asserts no duration.
if [ "${COMPANION_SKIP_BENCH:-}" != "1" ]; then
  run_check bash scripts/bench.sh --smoke
fi
python3 scripts/trx-summary.py --extra "$extra_passed" "$extra_failed" "$results"/*.trx || status=1
exit $status

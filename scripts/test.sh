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
python3 scripts/trx-summary.py --extra "$extra_passed" "$extra_failed" "$results"/*.trx || status=1
exit $status

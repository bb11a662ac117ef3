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
python3 scripts/trx-summary.py "$results"/*.trx || status=1
exit $status

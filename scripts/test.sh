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
  args=(test "$proj" -c Release --no-build -nologo --results-directory "$results" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal")
  [ -n "$filter" ] && args+=(--filter "$filter")
  dotnet "${args[@]}" || status=1
done
python3 scripts/trx-summary.py "$results"/*.trx || status=1
exit $status

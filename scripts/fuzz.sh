#!/usr/bin/env bash
# Fuzz every parser, tracer, recording, CLI command line and magic for a bounded time (issue 8).
# Usage: scripts/fuzz.sh [seconds-per-target] [target ...]   (default 60 s; targets: see docs/fuzzing.md; default all)
# FUZZ_CONFIGURATION=Release for a faster (but separately built) run; FUZZ_NO_BUILD=1 to skip the build.
# Crashing inputs land in tests/Companion.Fuzz.Tests/corpus/<target>/crash-*.txt and are replayed by every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
export FUZZ_SECONDS="$seconds"
export FUZZ_REPORT="${FUZZ_REPORT:-$PWD/artifacts/fuzz/report-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
unset COMPANION_DEBUG
mkdir -p "$(dirname "$FUZZ_REPORT")"
: > "$FUZZ_REPORT"
export FUZZ_TARGETS="$*"
config="${FUZZ_CONFIGURATION:-Debug}"
project=tests/Companion.Fuzz.Tests
# FUZZ_NO_BUILD=1 reuses the last build (the machine is shared; a rebuild can take minutes)
[ "${FUZZ_NO_BUILD:-}" = 1 ] || dotnet build "$project" -c "$config" -v quiet -nologo >/dev/null
exe="$project/bin/${COMPANION_BUILD_SLOT:+$COMPANION_BUILD_SLOT/}$config/net10.0/Companion.Fuzz.Tests"
start=$(date +%s)
set +e
"$exe" -class 'Companion.Fuzz.Tests.ParserFuzzTests+Every_parser_and_tracer' -class 'Companion.Fuzz.Tests.CorpusReplayTests+Every_corpus_input' \
  -noColor > "${FUZZ_REPORT%.jsonl}.log" 2>&1
status=$?
set -e
end=$(date +%s)
/usr/bin/python3 - "$FUZZ_REPORT" "$((end - start))" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"{'target':<14}{'seconds':>8}{'inputs':>12}{'new crashes':>13}{'known hits':>12}  hung")
for r in rows:
    print(f"{r['target']:<14}{r['seconds']:>8}{r['iterations']:>12}{r['crashes']:>13}{r['knownHits']:>12}  {'HUNG' if r['hung'] else ''}")
    for s in r['signatures']:
        print(f"    {s}")
print(f"total: {sum(r['iterations'] for r in rows)} inputs, {sum(r['crashes'] for r in rows)} new crash(es), wall {sys.argv[2]} s")
PY
echo "report: $FUZZ_REPORT (log: ${FUZZ_REPORT%.jsonl}.log); crashing inputs: git status tests/Companion.Fuzz.Tests/corpus"
exit $status

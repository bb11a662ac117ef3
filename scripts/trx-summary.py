#!/usr/bin/env python3
"""Adds up .trx files and prints the plain closing line 'N passed, N failed, N skipped'. Exit 1 on any failure or none run."""
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
args = sys.argv[1:]
if args[:1] == ["--extra"]:
    # Script-level checks run by test.sh, counted like tests.
    passed, failed = int(args[1]), int(args[2])
    args = args[3:]
for path in args:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"trx-summary: cannot read {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    for r in root.iterfind(".//t:UnitTestResult", ns):
        outcome = r.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive", "NotRunnable"):
            # NotRunnable: explicit-only tests (benchmarks) that a normal run leaves out.
            skipped += 1
        else:
            failed += 1
            print(f"FAILED: {r.get('testName')}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)

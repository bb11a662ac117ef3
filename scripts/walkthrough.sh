#!/usr/bin/env bash
# The README's main job: installs what it needs, packs the extension, executes the walkthrough notebooks through Jupyter
# with the dotnet-interactive kernel on the embedded default source (the lab when root, else the shipped recording),
# checks in headless Chromium that every chart drew offline, and says where the outputs are.
#   scripts/walkthrough.sh [--source lab|recording] [NOTEBOOK...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh

bash scripts/setup.sh
bash scripts/pack.sh
status=0
bash scripts/run-notebooks.sh "$@" || status=1
shopt -s nullglob
html=(artifacts/html/*.html)
if [ ${#html[@]} -gt 0 ]; then
  python3 scripts/check-html-charts.py --min-charts 0 "${html[@]}" || status=1
fi
echo
echo "walkthrough: executed notebooks in $COMPANION_ROOT/artifacts/notebooks/"
echo "walkthrough: HTML report in      $COMPANION_ROOT/artifacts/html/ (open artifacts/html/02-dns.html in a browser; it works offline)"
[ $status -eq 0 ] && echo "walkthrough: ok" || echo "walkthrough: FAILED (see artifacts/notebooks/*.log)" >&2
exit $status

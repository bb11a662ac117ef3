#!/usr/bin/env bash
# Builds reveal.js slide decks from the walkthrough notebooks with NO CDN:
#   scripts/make-slides.sh [NOTEBOOK...]
# Default: the executed notebooks in artifacts/notebooks/ (scripts/run-notebooks.sh writes them), else notebooks/[0-9]*.ipynb
# (then the decks have no outputs). reveal.js, require.js and jQuery come from npm ONCE, pinned, into .tools/slides/; they are
# copied next to the decks (artifacts/slides/lib/), and nbconvert's SlidesExporter is pointed at those relative paths.
# MathJax is not shipped (no chapter uses math): its URL points at an empty local file. After the first npm install the
# decks build and present with no network. Fails if a deck still references a script or style sheet over http(s).
# Open artifacts/slides/NN-x.slides.html in a browser (the lib/ folder must stay next to it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

# The versions nbconvert's reveal template is written for (its own CDN defaults): reveal.js 4.0.2, jQuery 3.5.1.
reveal_version=4.0.2
requirejs_version=2.3.6
jquery_version=3.5.1

tools="$root/.tools/slides"
modules="$tools/node_modules"
if [ ! -f "$modules/reveal.js/dist/reveal.js" ] || [ ! -f "$modules/requirejs/require.js" ] || [ ! -f "$modules/jquery/dist/jquery.min.js" ] \
   || ! grep -q "\"version\": \"$reveal_version\"" "$modules/reveal.js/package.json"; then
  command -v npm >/dev/null || { echo "make-slides: npm is needed once to fetch reveal.js (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$tools"
  timeout 600 npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "reveal.js@$reveal_version" "requirejs@$requirejs_version" "jquery@$jquery_version" >&2
fi

out="$root/artifacts/slides"
lib="$out/lib"
rm -rf "$lib"
mkdir -p "$lib/reveal.js/plugin"
cp -r "$modules/reveal.js/dist" "$lib/reveal.js/dist"
cp -r "$modules/reveal.js/plugin/notes" "$lib/reveal.js/plugin/notes"
cp "$modules/requirejs/require.js" "$lib/require.js"
cp "$modules/jquery/dist/jquery.min.js" "$lib/jquery.min.js"
echo "/* MathJax is not shipped with the decks: no slide uses math. */" > "$lib/no-mathjax.js"

notebooks=("$@")
if [ ${#notebooks[@]} -eq 0 ]; then
  shopt -s nullglob
  notebooks=(artifacts/notebooks/[0-9]*.ipynb)
  [ ${#notebooks[@]} -gt 0 ] || notebooks=(notebooks/[0-9]*.ipynb)
fi
[ ${#notebooks[@]} -gt 0 ] || { echo "make-slides: no notebooks" >&2; exit 2; }

status=0
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  # The cell that loads the extension is "skip" (a deck does not show it), but its output carries plotly.js, which every
  # chart needs: in a copy of the notebook, turn that one cell into speaker notes, so its script is in the page but hidden.
  work="$(mktemp -d)"
  python3 - "$nb" "$work/$name.ipynb" <<'PY'
import json, sys
nb = json.load(open(sys.argv[1]))
for cell in nb["cells"]:
    outputs = json.dumps(cell.get("outputs", []))
    if cell["cell_type"] == "code" and 'data-companion=\\"plotly.js' in outputs:
        cell.setdefault("metadata", {}).setdefault("slideshow", {})["slide_type"] = "notes"
json.dump(nb, open(sys.argv[2], "w"))
PY
  if ! jupyter nbconvert --to slides --log-level=WARN \
      --SlidesExporter.reveal_url_prefix=lib/reveal.js \
      --SlidesExporter.require_js_url=lib/require.js \
      --SlidesExporter.jquery_url=lib/jquery.min.js \
      --SlidesExporter.mathjax_url=lib/no-mathjax.js \
      --output-dir "$out" --output "$name" "$work/$name.ipynb"; then
    echo "make-slides: $nb: nbconvert failed" >&2; status=1; rm -rf "$work"; continue
  fi
  rm -rf "$work"
  deck="$out/$name.slides.html"
  # Anything the page would fetch over the network: a script/link/img URL, or a CDN host anywhere.
  pattern="<(script|link|img)[^>]*(src|href)=[\"']?(https?:)?//[^\"' >]+|cdn\.plot\.ly|cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|unpkg\.com"
  if grep -EnIo "$pattern" "$deck" | head -5 | sed "s|^|make-slides: $deck: network URL: |" >&2; grep -EqI "$pattern" "$deck"; then
    status=1
  fi
  echo "make-slides: $nb -> $deck"
done
exit $status

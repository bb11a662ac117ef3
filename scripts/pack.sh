#!/usr/bin/env bash
# Packs the extension (and the libraries it depends on) into the local feed artifacts/packages
# with a unique prerelease version: the global NuGet cache silently keeps the first copy of an id and version.
# Writes artifacts/packages/companion-version.txt and notebooks/load-companion.dib... see README "Loading the extension".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
feed="$COMPANION_ROOT/artifacts/packages"
mkdir -p "$feed"
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
for p in src/Companion.Core src/Companion.Cluster src/Companion.Lab src/Companion.Interactive; do
  dotnet pack "$p" -c Release -nologo -clp:ErrorsOnly -o "$feed" -p:Version="$version" >/dev/null
done
echo "$version" > "$feed/companion-version.txt"
echo "pack: Companion.Interactive $version -> $feed"

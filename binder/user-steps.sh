#!/usr/bin/env bash
# The Dockerfile's user-level steps, as the unprivileged notebook user with $HOME = the repository.
# scripts/binder-replay.sh runs this same file as an unprivileged uid with a fresh HOME, because Docker cannot run here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export COMPANION_SKIP_APT=1 COMPANION_SOURCE=recording
# The shipped recording with measured results (as the Dockerfile sets it): lab cells replay what the lab measured.
export COMPANION_RECORDING="${COMPANION_RECORDING:-$PWD/notebooks/recordings/lab-default}"
bash scripts/setup.sh
dotnet build src/Companion.Interactive -c Release -nologo -clp:ErrorsOnly
bash scripts/pack.sh
# Pre-warm: restores the packages into the user's NuGet cache and proves every notebook runs on the recording.
bash scripts/run-notebooks.sh --source recording

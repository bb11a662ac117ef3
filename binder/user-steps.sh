#!/usr/bin/env bash
# The Dockerfile's user-level steps, as the unprivileged notebook user with $HOME = the repository.
# scripts/binder-replay.sh runs this same file as an unprivileged uid with a fresh HOME, because Docker cannot run here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export COMPANION_SKIP_APT=1 COMPANION_SOURCE=recording
# The shipped recording with measured results (as the Dockerfile sets it): lab cells replay what the lab measured.
export COMPANION_RECORDING="${COMPANION_RECORDING:-$PWD/notebooks/recordings/lab-default}"
# dotnet-interactive restores `#r "nuget:..."` in a temporary project under $HOME/.packagemanagement. Here (and on Binder)
# $HOME is the repository, whose Directory.Packages.props (central package management) would apply to that project and
# fail the restore (NU1008). MSBuild stops at the nearest Directory.*.props: put neutral ones there.
mkdir -p "$HOME/.packagemanagement"
printf '<Project />\n' > "$HOME/.packagemanagement/Directory.Build.props"
printf '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n' > "$HOME/.packagemanagement/Directory.Packages.props"
bash scripts/setup.sh
dotnet build src/Companion.Interactive -c Release -nologo -clp:ErrorsOnly
bash scripts/pack.sh
# Pre-warm: restores the packages into the user's NuGet cache and proves every notebook runs on the recording.
bash scripts/run-notebooks.sh --source recording

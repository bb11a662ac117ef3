#!/usr/bin/env bash
# Replays binder/Dockerfile's user-level steps (binder/user-steps.sh) as an unprivileged user with a fresh HOME,
# because Docker cannot run on these machines. What it proves: the steps need no root, no files outside the repo,
# no tool the root stage doesn't install, and every notebook runs on the shipped recording from a fresh NuGet cache.
# What it cannot prove: the base image and the root stage (apt, pip), which only a real repo2docker build shows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ "$(id -u)" -eq 0 ] || { echo "binder-replay: needs root to create the unprivileged user" >&2; exit 2; }
user=companion-binder
if ! id -u "$user" >/dev/null 2>&1; then
  uid=1000; getent passwd "$uid" >/dev/null && uid=""
  useradd -M -s /bin/bash ${uid:+-u "$uid"} -d /nonexistent "$user"
fi
home="$(mktemp -d /tmp/companion-binder-home.XXXXXX)"
trap 'rm -rf "$home"' EXIT
# The repository as Binder sees it: the committed tree at HEAD (COPY . ${HOME} of a clone), then chown. Not the work tree:
# uncommitted edits (other people's work in progress) are not what Binder builds.
git archive --format=tar HEAD | tar -xf - -C "$home"
chown -R "$user" "$home"
echo "binder-replay: running binder/user-steps.sh as $user (uid $(id -u "$user")) with HOME=$home"
start=$(date +%s)
su -s /bin/bash "$user" -c "cd '$home' && env -i HOME='$home' USER='$user' PATH='/usr/local/bin:/usr/bin:/bin' \
  COMPANION_SKIP_APT=1 COMPANION_SOURCE=recording COMPANION_RECORDING='$home/notebooks/recordings/lab-default' bash binder/user-steps.sh"
echo "binder-replay: ok after $(( $(date +%s) - start )) s"

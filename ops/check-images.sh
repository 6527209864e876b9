#!/usr/bin/env bash
# Proves every image's .NET build stage builds from a clean checkout, without a Docker engine:
#  1. fast (well under a second): each Dockerfile copies exactly the project files of its host's
#     ProjectReference closure (plus Directory.*.props) before `dotnet restore`, and all their sources
#     before `dotnet publish`; a self-test drops each csproj COPY line in turn and expects a failure;
#     every Dockerfile docker-compose builds (default and gpu profiles) is among those checked.
#  2. replay: per Dockerfile, in its own scratch folder, the build stage's COPY lines from the build
#     context (git's files, .dockerignore applied), then its `dotnet restore` and `dotnet publish
#     --no-restore` lines; then what the runtime stage copies and runs must exist. Packages come from
#     the local NuGet cache (a container would download them). The node (npm ci) stages are not replayed.
# Usage: bash ops/check-images.sh [--fast]      (--fast: step 1 only)
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1
check() { python3 ops/images/check.py "$@"; }

# Named Dockerfile, or NAME.Dockerfile for images without a project of their own (ops/images/edge.Dockerfile).
mapfile -t dockerfiles < <(git ls-files -- 'Dockerfile' '*/Dockerfile' '*.Dockerfile')
((${#dockerfiles[@]})) || { echo "FAIL no Dockerfile found" >&2; exit 1; }

source ops/lib/compose-check-env.sh
command -v docker-compose >/dev/null || { echo "FAIL docker-compose missing: bash ops/check-compose.sh installs it" >&2; exit 1; }
for built in $( (docker-compose config; docker-compose --profile gpu config) | sed -n 's/^ *dockerfile: *//p' | sort -u); do
  printf '%s\n' "${dockerfiles[@]}" | grep -qx "$built" \
    || { echo "FAIL docker-compose.yml builds $built, which is not a Dockerfile in the repository" >&2; exit 1; }
done

check closure "${dockerfiles[@]}"
check self-test "${dockerfiles[@]}"
echo "images: ${#dockerfiles[@]} Dockerfiles copy exactly their project closure"
[[ ${1:-} == --fast ]] && exit 0

scratch=$(mktemp -d /tmp/mediafarm-images.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
started=$(date +%s)
# Two at a time: the machines have two cores, and each publish already builds projects in parallel.
pids=() failed=0
for i in "${!dockerfiles[@]}"; do
  check replay "${dockerfiles[$i]}" "$scratch/$i" > "$scratch/$i.log" 2>&1 &
  pids+=($!)
  if (( ${#pids[@]} == 2 )); then wait "${pids[0]}" || failed=1; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
for i in "${!dockerfiles[@]}"; do cat "$scratch/$i.log" >&2; done
((failed == 0)) || { echo "FAIL an image's build stage does not build (see above)" >&2; exit 1; }
echo "images: build stages of ${dockerfiles[*]} replayed in $(( $(date +%s) - started )) s"

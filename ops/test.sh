#!/usr/bin/env bash
# Runs every MediaFarm test: unit, integration (real ffmpeg, Shaka Packager, standalone host over HTTP)
# and browser (Debian Chromium via Playwright). Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/install-deps.sh --browser
dotnet build MediaFarm.sln -c Release --nologo -v quiet
dotnet test MediaFarm.sln -c Release --no-build --nologo --logger "console;verbosity=normal" "$@"

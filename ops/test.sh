#!/usr/bin/env bash
# Runs every MediaFarm test: unit, integration (real ffmpeg, Shaka Packager, the standalone host over
# HTTP), browser (Debian Chromium via Playwright) and distributed (PostgreSQL, RabbitMQ and Ceph
# RadosGW started by ops/services.sh, roles as separate processes). Installs what they need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/install-deps.sh --browser
bash ops/check-compose.sh
bash ops/services.sh start
trap 'bash ops/services.sh stop' EXIT
dotnet build MediaFarm.sln -c Release --nologo -v quiet
dotnet test MediaFarm.sln -c Release --no-build --nologo --logger "console;verbosity=normal" "$@"

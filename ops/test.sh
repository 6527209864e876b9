#!/usr/bin/env bash
# Runs every MediaFarm test: unit, integration (real ffmpeg, Shaka Packager, the standalone host over
# HTTP), browser (Debian Chromium via Playwright) and distributed (PostgreSQL, RabbitMQ and Ceph
# RadosGW started by ops/services.sh, roles as separate processes). Installs what they need first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/install-deps.sh --browser
bash ops/check-compose.sh
bash ops/check-images.sh
bash ops/services.sh start
trap 'bash ops/services.sh stop' EXIT
dotnet build MediaFarm.sln -c Release --nologo -v quiet
bash ops/check-run-farm.sh
# One test project at a time: the distributed tests restart PostgreSQL and RabbitMQ, which other
# projects' farms must not share at that moment, and two cores encode faster one job at a time.
dotnet test MediaFarm.sln -c Release --no-build --nologo -m:1 --logger "console;verbosity=normal" "$@"

#!/usr/bin/env bash
# Validates docker-compose.yml (with and without the gpu profile) with Debian's docker-compose; there is
# no Docker engine on test machines, so this is the check that the production file stays well-formed.
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/lib/apt.sh
if ! command -v docker-compose >/dev/null; then
  apt_install docker-compose
fi
source ops/lib/compose-check-env.sh
docker-compose config -q
docker-compose --profile gpu config -q
echo "docker-compose.yml is valid (default and gpu profiles)"

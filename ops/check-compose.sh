#!/usr/bin/env bash
# Validates docker-compose.yml (with and without the gpu profile) with Debian's docker-compose; there is
# no Docker engine on test machines, so this is the check that the production file stays well-formed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
export POSTGRES_PASSWORD=check RABBITMQ_PASSWORD=check MINIO_ROOT_USER=check MINIO_ROOT_PASSWORD=checkcheck
docker-compose config -q
docker-compose --profile gpu config -q
echo "docker-compose.yml is valid (default and gpu profiles)"

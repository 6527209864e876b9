#!/usr/bin/env bash
# Installs what MediaFarm needs on a fresh Debian machine, skipping what is already there:
# ffmpeg (apt), Shaka Packager + shaka-player (npm, into ./node_modules), and with --browser Chromium.
# Usage: bash ops/install-deps.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/lib/apt.sh

want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

apt_packages=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || apt_packages+=(ffmpeg)
if $want_browser && [[ ! -x /usr/bin/chromium ]]; then apt_packages+=(chromium fonts-dejavu-core); fi
if ((${#apt_packages[@]})); then
  echo "installing with apt: ${apt_packages[*]}"
  apt_install "${apt_packages[@]}"
fi

if [[ ! -x node_modules/shaka-packager/bin/packager-linux-x64 || ! -f node_modules/shaka-player/dist/shaka-player.compiled.js ]]; then
  echo "installing Shaka Packager and shaka-player with npm"
  npm ci --no-audit --no-fund --loglevel=error
fi
